using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using MimeKit;

namespace Omnichannel.Transcripts.Mail.Tests;

/// <summary>
/// A real SMTP server on loopback for the test run: Python's standard-library <c>smtpd</c> (Python 3.11 on this
/// machine), started on a free port, writing every message it accepts to a folder as an .eml file.
/// </summary>
public sealed class LoopbackSmtpServer : IAsyncLifetime
{
    private const string Script = """
        import warnings
        warnings.filterwarnings("ignore", category=DeprecationWarning)
        import asyncore, itertools, os, smtpd, sys

        port, folder = int(sys.argv[1]), sys.argv[2]
        numbers = itertools.count()

        class SavingServer(smtpd.SMTPServer):
            def process_message(self, peer, mailfrom, rcpttos, data, **kwargs):
                number = next(numbers)
                temporary = os.path.join(folder, f"{number}.tmp")
                with open(temporary, "wb") as file:
                    file.write(("X-Envelope-To: " + ",".join(rcpttos) + "\r\n").encode())
                    file.write(data)
                os.rename(temporary, os.path.join(folder, f"{number}.eml"))

        SavingServer(("127.0.0.1", port), None, decode_data=False)
        print("ready", flush=True)
        asyncore.loop()
        """;

    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"omnichannel-smtp-{Guid.NewGuid():N}");
    private Process? _process;

    public int Port { get; private set; }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        var script = Path.Combine(_folder, "server.py");
        await File.WriteAllTextAsync(script, Script);
        Port = FreePort();
        var start = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "-u", script, Port.ToString(System.Globalization.CultureInfo.InvariantCulture), _folder })
        {
            start.ArgumentList.Add(argument);
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("python3 could not be started; the SMTP tests need Python 3.11 (smtpd).");
        var ready = await _process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
        if (ready != "ready")
        {
            throw new InvalidOperationException($"The Python SMTP server did not start: {await _process.StandardError.ReadToEndAsync()}");
        }
    }

    /// <summary>Waits for the first received message matching <paramref name="match"/>.</summary>
    public async Task<MimeMessage> WaitForMessageAsync(Func<MimeMessage, bool> match) =>
        (await WaitForMessagesAsync(match, count: 1))[0];

    /// <summary>Waits until at least <paramref name="count"/> received messages match <paramref name="match"/>.</summary>
    public async Task<IReadOnlyList<MimeMessage>> WaitForMessagesAsync(Func<MimeMessage, bool> match, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            var matching = new List<MimeMessage>();
            foreach (var file in Directory.GetFiles(_folder, "*.eml"))
            {
                var message = await MimeMessage.LoadAsync(file);
                if (match(message))
                {
                    matching.Add(message);
                }
            }

            if (matching.Count >= count)
            {
                return matching;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"The SMTP server received fewer than {count} matching messages within 30 seconds.");
    }

    public Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill();
            _process.WaitForExit(5_000);
        }

        _process?.Dispose();
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }
}
