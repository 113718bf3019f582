using System.Diagnostics;
using System.Text;

namespace Omnichannel.Packaging.Tests.Support;

/// <summary>The output of one <c>dotnet</c> command.</summary>
public sealed record CommandResult(string Command, int ExitCode, string Output, TimeSpan Duration)
{
    /// <summary>Throws with the command and everything it printed unless it succeeded.</summary>
    public CommandResult EnsureSucceeded() => ExitCode == 0
        ? this
        : throw new InvalidOperationException($"`{Command}` exited with {ExitCode} after {Duration.TotalSeconds:F0} s:\n{Output}");
}

/// <summary>
/// Runs the <c>dotnet</c> that runs the tests, as a child process, in a clean environment: no MSBuild variables
/// inherited from the <c>dotnet test</c> that started us, no MSBuild worker nodes left behind, English messages.
/// </summary>
public static class DotNetCli
{
    /// <summary>The dotnet host running this test (the SDK's), else the one on the PATH.</summary>
    public static string Executable { get; } = FindExecutable();

    public static async Task<CommandResult> RunAsync(string workingDirectory, TimeSpan timeout, params string[] arguments)
    {
        var start = new ProcessStartInfo(Executable)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var name in start.Environment.Keys.Where(IsInheritedBuildVariable).ToList())
        {
            start.Environment.Remove(name);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_CLI_UI_LANGUAGE"] = "en";
        // Worker nodes that outlive the command would keep our output pipes open and linger for minutes.
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";

        var command = $"dotnet {string.Join(' ', arguments)}";
        var output = new StringBuilder();
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start `{command}`.");
        var readers = Task.WhenAll(CopyAsync(process.StandardOutput, output), CopyAsync(process.StandardError, output));
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"`{command}` did not finish within {timeout.TotalSeconds:F0} s:\n{Snapshot(output)}");
        }

        // A grandchild (the compiler server) may hold the pipes open after the command exits: do not wait for it.
        await Task.WhenAny(readers, Task.Delay(TimeSpan.FromSeconds(5)));
        return new CommandResult(command, process.ExitCode, Snapshot(output), clock.Elapsed);
    }

    private static bool IsInheritedBuildVariable(string name) =>
        name.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) || name.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase);

    private static async Task CopyAsync(StreamReader reader, StringBuilder output)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            lock (output)
            {
                output.AppendLine(line);
            }
        }
    }

    private static string Snapshot(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }

    private static string FindExecutable()
    {
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(host) && File.Exists(host))
        {
            return host;
        }

        var current = Environment.ProcessPath;
        return current is not null && Path.GetFileNameWithoutExtension(current).Equals("dotnet", StringComparison.OrdinalIgnoreCase) ? current : "dotnet";
    }
}
