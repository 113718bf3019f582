using System.Text.Json;

namespace Omnichannel.Simulator.Tests;

/// <summary>Runs the simulator in-process, as the command line would, and captures what it writes.</summary>
internal static class SimulatorRunner
{
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await SimulatorApp.RunAsync(args, stdout, stderr, interactive: false);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Runs with --json and returns the parsed document; fails the test on a non-zero exit code.</summary>
    public static async Task<JsonDocument> RunJsonAsync(params string[] args)
    {
        var (exit, stdout, stderr) = await RunAsync([.. args, "--json"]);
        Assert.True(exit == 0, $"exit code {exit}: {stderr}");
        return JsonDocument.Parse(stdout);
    }

    /// <summary>The one result of a single-algorithm run.</summary>
    public static JsonElement SingleResult(this JsonDocument document)
    {
        var results = document.RootElement.GetProperty("results");
        Assert.Equal(1, results.GetArrayLength());
        return results[0];
    }
}
