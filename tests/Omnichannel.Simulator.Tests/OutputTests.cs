using System.Text.Json;

namespace Omnichannel.Simulator.Tests;

/// <summary>The shape of --json, and the other outputs.</summary>
public class OutputTests
{
    private static readonly string[] SmallDay = ["--hours", "1", "--agents", "40", "--arrivals-per-hour", "900", "--seed", "5"];

    [Fact]
    public async Task Json_has_a_result_per_algorithm_with_the_documented_fields()
    {
        using var document = await SimulatorRunner.RunJsonAsync(SmallDay);
        var results = document.RootElement.GetProperty("results");

        Assert.Equal(["manual", "least-busy", "load-balancing", "round-robin", "longest-idle"], results.EnumerateArray().Select(r => r.GetProperty("algorithm").GetString()));
        foreach (var result in results.EnumerateArray())
        {
            foreach (var count in new[] { "conversations", "answered", "abandoned", "longestQueue", "transfers" })
            {
                Assert.Equal(JsonValueKind.Number, result.GetProperty(count).ValueKind);
            }

            foreach (var ratio in new[] { "serviceLevel", "utilization" })
            {
                Assert.InRange(result.GetProperty(ratio).GetDouble(), 0, 1);
            }

            Assert.True(result.GetProperty("waitMeanSeconds").GetDouble() >= 0);
            Assert.True(result.GetProperty("waitP90Seconds").GetDouble() >= result.GetProperty("waitP50Seconds").GetDouble());
            Assert.False(result.TryGetProperty("erlangC", out _), "erlangC belongs to M/M/c scenarios only");
            Assert.Equal(result.GetProperty("conversations").GetInt32(), result.GetProperty("answered").GetInt32() + result.GetProperty("abandoned").GetInt32());
            Assert.Equal(0, result.GetProperty("unfinished").GetInt32());
            Assert.Equal(0, result.GetProperty("unexpectedRefusals").GetInt32());
        }

        // Every algorithm faced the same demand.
        Assert.Single(results.EnumerateArray().Select(r => r.GetProperty("conversations").GetInt32()).Distinct());
        Assert.Equal(document.RootElement.GetProperty("scenario").GetProperty("plannedConversations").GetInt32(), results[0].GetProperty("conversations").GetInt32());
    }

    [Fact]
    public async Task Json_of_an_M_M_c_run_carries_the_Erlang_C_prediction()
    {
        using var document = await SimulatorRunner.RunJsonAsync("--scenario", "mmc", "--agents", "3", "--arrivals-per-hour", "60", "--mean-handle-seconds", "120", "--hours", "5", "--seed", "2");
        var results = document.RootElement.GetProperty("results");

        Assert.Equal(4, results.GetArrayLength());
        foreach (var result in results.EnumerateArray())
        {
            var erlang = result.GetProperty("erlangC");
            Assert.InRange(erlang.GetProperty("probabilityOfWait").GetDouble(), 0, 1);
            Assert.True(erlang.GetProperty("waitMeanSeconds").GetDouble() > 0);
            Assert.Equal(0, result.GetProperty("abandoned").GetInt32());
            Assert.Equal(0, result.GetProperty("transfers").GetInt32());
        }
    }

    [Fact]
    public async Task Progress_and_file_notices_stay_off_stdout_so_json_parses()
    {
        var directory = Directory.CreateTempSubdirectory("simulator-test-");
        try
        {
            var plot = Path.Combine(directory.FullName, "day.png");
            var csv = Path.Combine(directory.FullName, "csv");
            var (exit, stdout, stderr) = await SimulatorRunner.RunAsync([.. SmallDay, "--algorithm", "least-busy,manual", "--json", "--progress", "--csv", csv, "--plot", plot]);

            Assert.Equal(0, exit);
            using var document = JsonDocument.Parse(stdout);
            Assert.Contains("conversations simulated", stderr, StringComparison.Ordinal);
            Assert.Contains($"wrote {plot}", stderr, StringComparison.Ordinal);

            var png = await File.ReadAllBytesAsync(plot);
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png[..4]);
            var series = await File.ReadAllLinesAsync(Path.Combine(csv, "timeseries-least-busy.csv"));
            Assert.StartsWith("minute,queued,", series[0], StringComparison.Ordinal);
            Assert.True(series.Length > 60, "one row per simulated minute at least over the hour of arrivals");
            var summary = await File.ReadAllLinesAsync(Path.Combine(csv, "summary.csv"));
            Assert.Equal(3, summary.Length);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task The_table_compares_the_algorithms_side_by_side()
    {
        var (exit, stdout, _) = await SimulatorRunner.RunAsync([.. SmallDay, "--algorithm", "least-busy,round-robin"]);

        Assert.Equal(0, exit);
        Assert.Contains("least-busy", stdout, StringComparison.Ordinal);
        Assert.Contains("round-robin", stdout, StringComparison.Ordinal);
        Assert.Contains("service level (≤ 20 s)", stdout, StringComparison.Ordinal);
        Assert.Contains("fairness", stdout, StringComparison.Ordinal);
    }
}
