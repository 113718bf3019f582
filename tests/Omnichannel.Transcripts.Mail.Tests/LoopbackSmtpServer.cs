using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using MimeKit;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;
using SmtpServerHost = SmtpServer.SmtpServer;

namespace Omnichannel.Transcripts.Mail.Tests;

/// <summary>
/// A real SMTP server on loopback inside the test process (the SmtpServer package), started on a free port. It
/// keeps every message it accepts, with the envelope recipients added as an <c>X-Envelope-To</c> header.
/// </summary>
public sealed class LoopbackSmtpServer : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly ConcurrentQueue<MimeMessage> _received = new();
    private SmtpServerHost? _server;

    public int Port { get; private set; }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async Task InitializeAsync()
    {
        // The free port may be taken by someone else between FreePort and the server's bind: try another one then.
        for (var attempt = 1; ; attempt++)
        {
            Port = FreePort();
            var options = new SmtpServerOptionsBuilder()
                .ServerName("localhost")
                .Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, Port)))
                .Build();
            var services = new SmtpServer.ComponentModel.ServiceProvider();
            services.Add(new Store(_received));
            _server = new SmtpServerHost(options, services);
            var running = _server.StartAsync(CancellationToken.None);
            if (await AcceptsConnectionsAsync(running))
            {
                return;
            }

            _server.Shutdown();
            if (attempt == 3)
            {
                await running; // surfaces the server's exception
                throw new InvalidOperationException($"The SMTP server did not listen on 127.0.0.1:{Port} within {Patience.TotalSeconds} s.");
            }
        }
    }

    /// <summary>Waits for the first received message matching <paramref name="match"/>.</summary>
    public async Task<MimeMessage> WaitForMessageAsync(Func<MimeMessage, bool> match) =>
        (await WaitForMessagesAsync(match, count: 1))[0];

    /// <summary>Waits until at least <paramref name="count"/> received messages match <paramref name="match"/>.</summary>
    public async Task<IReadOnlyList<MimeMessage>> WaitForMessagesAsync(Func<MimeMessage, bool> match, int count)
    {
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < Patience)
        {
            var matching = _received.Where(match).ToList();
            if (matching.Count >= count)
            {
                return matching;
            }

            await Task.Delay(20);
        }

        throw new TimeoutException($"The SMTP server received fewer than {count} matching messages within {Patience.TotalSeconds} s.");
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            _server.Shutdown();
            await _server.ShutdownTask.WaitAsync(Patience);
        }
    }

    private async Task<bool> AcceptsConnectionsAsync(Task running)
    {
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < Patience && !running.IsCompleted)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, Port);
                return true;
            }
            catch (SocketException)
            {
                await Task.Delay(20);
            }
        }

        return false;
    }

    private sealed class Store(ConcurrentQueue<MimeMessage> received) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            using var stream = new MemoryStream(buffer.ToArray());
            var message = await MimeMessage.LoadAsync(stream, cancellationToken);
            message.Headers.Add("X-Envelope-To", string.Join(",", transaction.To.Select(m => $"{m.User}@{m.Host}")));
            received.Enqueue(message);
            return SmtpResponse.Ok;
        }
    }
}
