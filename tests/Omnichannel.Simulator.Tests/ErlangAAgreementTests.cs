using System.Globalization;
using System.Text.Json;
using Omnichannel.Simulator.Metrics;

namespace Omnichannel.Simulator.Tests;

/// <summary>
/// Abandonment against theory: `--scenario mmc --patience-seconds P` is the M/M/c+M queue, and over many seeds the
/// simulator (the real library and router, contacts closing their conversation when their patience runs out) must agree
/// with Erlang A's probability of abandoning and mean wait over all arrivals.
/// </summary>
/// <remarks>
/// Each scenario runs with <see cref="Seeds"/> seeds (independent days). The tolerance is measured, not assumed: the
/// standard error of the mean over the seeds (their sample standard deviation / sqrt(seeds)), and the mean must lie within
/// <see cref="Sigmas"/> of them from the prediction. With 8 seeds the standardised mean follows a t distribution with 7
/// degrees of freedom; beyond 4 with probability about 0.005 per comparison. The seeds are fixed, so the test is
/// deterministic. A wrong model must fail: the last test shows one agent more falls far outside the same tolerance.
/// </remarks>
public class ErlangAAgreementTests
{
    private const double Sigmas = 4;
    private const int Seeds = 8;

    private static readonly Dictionary<string, Task<(Summary Abandon, Summary WaitAll, JsonElement ErlangA)>> Runs = new(StringComparer.Ordinal);

    [Theory]
    // agents, arrivals/h, mean handle s, mean patience s, hours per seed, algorithm: offered 7.5 Erlangs to 5 (overloaded), and 9 to 10.
    [InlineData(5, 150, 180, 60, 10, "least-busy")]
    [InlineData(10, 180, 180, 120, 6, "load-balancing")]
    public async Task Abandonment_and_mean_wait_over_all_arrivals_agree_with_Erlang_A(int agents, double arrivalsPerHour, double meanHandleSeconds, double patienceSeconds, double hours, string algorithm)
    {
        var (abandon, waitAll, erlangA) = await RunSeedsAsync(agents, arrivalsPerHour, meanHandleSeconds, patienceSeconds, hours, algorithm);

        Assert.Equal(ErlangA.ProbabilityOfAbandon(agents, arrivalsPerHour, meanHandleSeconds, patienceSeconds), erlangA.GetProperty("probabilityOfAbandon").GetDouble(), 12);
        Assert.Equal(ErlangA.WaitMeanAllSeconds(agents, arrivalsPerHour, meanHandleSeconds, patienceSeconds), erlangA.GetProperty("waitMeanAllSeconds").GetDouble(), 9);
        AssertWithin(erlangA.GetProperty("probabilityOfAbandon").GetDouble(), abandon, "probability of abandoning");
        AssertWithin(erlangA.GetProperty("waitMeanAllSeconds").GetDouble(), waitAll, "mean wait over all arrivals (s)");
    }

    [Fact]
    public async Task The_tolerance_tells_a_queue_with_one_agent_more_apart()
    {
        var (abandon, waitAll, _) = await RunSeedsAsync(10, 180, 180, 120, 6, "load-balancing");

        Assert.True(Math.Abs(abandon.Mean - ErlangA.ProbabilityOfAbandon(11, 180, 180, 120)) > Sigmas * abandon.StandardError);
        Assert.True(Math.Abs(waitAll.Mean - ErlangA.WaitMeanAllSeconds(11, 180, 180, 120)) > Sigmas * waitAll.StandardError);
    }

    private static void AssertWithin(double predicted, Summary measured, string what)
    {
        var z = (measured.Mean - predicted) / measured.StandardError;
        Assert.True(Math.Abs(z) <= Sigmas, string.Create(CultureInfo.InvariantCulture,
            $"{what}: mean over {Seeds} seeds {measured.Mean:0.####} (standard error {measured.StandardError:0.####}), Erlang A {predicted:0.####}, off by {z:0.##} standard errors (allowed {Sigmas})"));
    }

    private static Task<(Summary Abandon, Summary WaitAll, JsonElement ErlangA)> RunSeedsAsync(int agents, double arrivalsPerHour, double meanHandleSeconds, double patienceSeconds, double hours, string algorithm)
    {
        var key = string.Create(CultureInfo.InvariantCulture, $"{agents}/{arrivalsPerHour}/{meanHandleSeconds}/{patienceSeconds}/{hours}/{algorithm}");
        lock (Runs)
        {
            if (!Runs.TryGetValue(key, out var run))
            {
                Runs[key] = run = RunAsync();
            }

            return run;
        }

        async Task<(Summary, Summary, JsonElement)> RunAsync()
        {
            var abandon = new List<double>();
            var waitAll = new List<double>();
            JsonElement erlangA = default;
            for (var seed = 1; seed <= Seeds; seed++)
            {
                using var document = await SimulatorRunner.RunJsonAsync("--scenario", "mmc", "--agents", Text(agents), "--arrivals-per-hour", Text(arrivalsPerHour),
                    "--mean-handle-seconds", Text(meanHandleSeconds), "--patience-seconds", Text(patienceSeconds), "--hours", Text(hours),
                    "--seed", Text(seed), "--algorithm", algorithm);
                var result = document.SingleResult();
                abandon.Add((double)result.GetProperty("abandoned").GetInt32() / result.GetProperty("conversations").GetInt32());
                waitAll.Add(result.GetProperty("waitMeanAllSeconds").GetDouble());
                erlangA = result.GetProperty("erlangA").Clone();
            }

            return (Summary.Of(abandon), Summary.Of(waitAll), erlangA);
        }
    }

    private static string Text(double value) => value.ToString(CultureInfo.InvariantCulture);

    private readonly record struct Summary(double Mean, double StandardError)
    {
        public static Summary Of(List<double> values)
        {
            var mean = values.Average();
            var variance = values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1);
            return new Summary(mean, Math.Sqrt(variance / values.Count));
        }
    }
}
