using System.Collections.Concurrent;
using System.Diagnostics;

namespace Omnichannel.Tests.PostgreSql;

/// <summary>
/// One OS process running tests/Omnichannel.MultiProcess.Host: its stdout lines are collected as they come (so what a
/// killed process printed before it died is kept), commands go to its stdin. Linked by the benchmarks too.
/// </summary>
/// <remarks>Thread-safe for reading <see cref="Lines"/>; commands from one thread.</remarks>
public sealed class HostProcess : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _errors = new();

    private HostProcess(Process process) => _process = process;

    /// <summary>Every stdout line so far.</summary>
    public ConcurrentQueue<string> Lines { get; } = new();

    /// <summary>The OS process id.</summary>
    public int Id => _process.Id;

    /// <summary>What it wrote to stderr (its warnings), for failure messages.</summary>
    public string Errors => string.Join(Environment.NewLine, _errors);

    /// <summary>Whether it has exited.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>Starts the host with <paramref name="arguments"/> and waits until it reports routing started.</summary>
    public static async Task<HostProcess> StartAsync(IEnumerable<string> arguments, TimeSpan timeout)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(HostAssembly());
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the multi-process host.");
        var host = new HostProcess(process);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                host.Lines.Enqueue(e.Data);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                host._errors.Enqueue(e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var watch = Stopwatch.StartNew();
        while (!host.Lines.Any(l => l.StartsWith("ready", StringComparison.Ordinal)))
        {
            if (process.HasExited || watch.Elapsed > timeout)
            {
                throw new InvalidOperationException($"The multi-process host did not start: {host.Errors}");
            }

            await Task.Delay(20).ConfigureAwait(false);
        }

        return host;
    }

    /// <summary>Writes one command line to its stdin.</summary>
    public async Task SendAsync(string command)
    {
        if (!_process.HasExited)
        {
            await _process.StandardInput.WriteLineAsync(command).ConfigureAwait(false);
            await _process.StandardInput.FlushAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Kills it at once (no shutdown: its sessions end when the OS closes its sockets).</summary>
    public void Kill() => _process.Kill(entireProcessTree: true);

    /// <summary>Asks it to exit and waits; kills it if it does not within <paramref name="timeout"/>.</summary>
    public async Task ExitAsync(TimeSpan timeout)
    {
        await SendAsync("exit").ConfigureAwait(false);
        using var wait = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(wait.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Kill();
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (!_process.HasExited)
        {
            Kill();
        }

        _process.Dispose();
    }

    /// <summary>The host built beside this assembly's project, in the same configuration (tests/X/bin/CONFIG/net10.0).</summary>
    private static string HostAssembly()
    {
        var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = here.Name;
        var configuration = here.Parent!.Name;
        for (var folder = here; folder is not null; folder = folder.Parent)
        {
            foreach (var root in new[] { Path.Combine(folder.FullName, "tests"), folder.FullName })
            {
                var candidate = Path.Combine(root, "Omnichannel.MultiProcess.Host", "bin", configuration, framework, "Omnichannel.MultiProcess.Host.dll");
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        throw new InvalidOperationException("tests/Omnichannel.MultiProcess.Host is not built; build it (the test project references it) in the same configuration.");
    }
}
