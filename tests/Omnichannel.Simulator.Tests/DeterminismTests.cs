using System.Diagnostics;

namespace Omnichannel.Simulator.Tests;

/// <summary>Same seed, same result: in one process, and across processes (whose string hashing differs).</summary>
public class DeterminismTests
{
    // Multi-department agents, holds, forwards and abandonment: every path whose order could depend on hashing.
    private static readonly string[] Busy = ["--hours", "1", "--agents", "30", "--arrivals-per-hour", "1000", "--multi-department-share", "0.5"];

    [Fact]
    public async Task The_same_seed_gives_the_same_json()
    {
        var first = await SimulatorRunner.RunAsync([.. Busy, "--seed", "11", "--json"]);
        var second = await SimulatorRunner.RunAsync([.. Busy, "--seed", "11", "--json"]);

        Assert.Equal(0, first.ExitCode);
        Assert.Equal(first.Stdout, second.Stdout);
    }

    [Fact]
    public async Task Another_seed_gives_another_day()
    {
        var first = await SimulatorRunner.RunAsync([.. Busy, "--seed", "11", "--json", "--algorithm", "least-busy"]);
        var second = await SimulatorRunner.RunAsync([.. Busy, "--seed", "12", "--json", "--algorithm", "least-busy"]);

        Assert.NotEqual(first.Stdout, second.Stdout);
    }

    [Fact]
    public async Task Separate_processes_with_the_same_seed_print_the_same_json()
    {
        var inProcess = await SimulatorRunner.RunAsync([.. Busy, "--seed", "13", "--json"]);

        var first = await RunProcessAsync([.. Busy, "--seed", "13", "--json"]);
        var second = await RunProcessAsync([.. Busy, "--seed", "13", "--json"]);

        Assert.Equal(inProcess.Stdout.TrimEnd(), first.TrimEnd());
        Assert.Equal(first, second);
    }

    private static async Task<string> RunProcessAsync(string[] args)
    {
        var simulator = typeof(SimulatorApp).Assembly.Location;
        var start = new ProcessStartInfo(Environment.ProcessPath is { } host && Path.GetFileNameWithoutExtension(host) == "dotnet" ? host : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(simulator);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"exit code {process.ExitCode}: {await stderr}");
        return await stdout;
    }
}
