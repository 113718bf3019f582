namespace Omnichannel.Simulator.Metrics;

/// <summary>
/// The M/M/c+M queue (Erlang A): c agents, Poisson arrivals at rate lambda, exponential handle times with mean 1/mu, and
/// exponential patience with mean 1/theta (a contact still queued when its patience runs out leaves). Computed from the
/// exact birth-death chain of the number of contacts present: births at lambda, deaths at min(n, c) mu + max(0, n - c) theta.
/// Stable for any load, since the queue sheds contacts; the chain is summed until its terms no longer change the result.
/// </summary>
internal static class ErlangA
{
    /// <summary>Mean queue length (contacts waiting) and probability that an arrival finds every agent busy.</summary>
    private static (double QueueLength, double AllBusy) Chain(int agents, double arrivalsPerSecond, double meanHandleSeconds, double meanPatienceSeconds)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(agents, 1);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(arrivalsPerSecond);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(meanHandleSeconds);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(meanPatienceSeconds);
        var mu = 1 / meanHandleSeconds;
        var theta = 1 / meanPatienceSeconds;

        // p(n) / p(n - 1) = lambda / death(n). Summed in log space with a running maximum, so c! and a^c never overflow.
        var logP = 0.0;
        var logMax = 0.0;
        double total = 1, queue = 0, busy = agents == 0 ? 1 : 0;
        for (var n = 1; ; n++)
        {
            var death = (Math.Min(n, agents) * mu) + (Math.Max(0, n - agents) * theta);
            logP += Math.Log(arrivalsPerSecond / death);
            if (logP > logMax)
            {
                // Rescale what was summed so the largest term stays 1.
                var scale = Math.Exp(logMax - logP);
                total *= scale;
                queue *= scale;
                busy *= scale;
                logMax = logP;
            }

            var p = Math.Exp(logP - logMax);
            total += p;
            queue += Math.Max(0, n - agents) * p;
            busy += n >= agents ? p : 0;
            // Past c the ratios fall below 1 for good once n - c exceeds (lambda - c mu) / theta; stop when terms are negligible.
            if (n > agents && death > arrivalsPerSecond && p * (n - agents + 1) < 1e-16 * total)
            {
                return (queue / total, busy / total);
            }
        }
    }

    /// <summary>The share of arrivals who leave before an agent takes them: theta E[queue length] / lambda.</summary>
    public static double ProbabilityOfAbandon(int agents, double arrivalsPerHour, double meanHandleSeconds, double meanPatienceSeconds)
    {
        var lambda = arrivalsPerHour / 3600;
        return Chain(agents, lambda, meanHandleSeconds, meanPatienceSeconds).QueueLength / meanPatienceSeconds / lambda;
    }

    /// <summary>The mean time in queue over all arrivals, those who leave included (Little's law: E[queue length] / lambda).</summary>
    public static double WaitMeanAllSeconds(int agents, double arrivalsPerHour, double meanHandleSeconds, double meanPatienceSeconds)
    {
        var lambda = arrivalsPerHour / 3600;
        return Chain(agents, lambda, meanHandleSeconds, meanPatienceSeconds).QueueLength / lambda;
    }

    /// <summary>The probability that an arrival finds every agent busy (and so waits, or leaves).</summary>
    public static double ProbabilityAllBusy(int agents, double arrivalsPerHour, double meanHandleSeconds, double meanPatienceSeconds) =>
        Chain(agents, arrivalsPerHour / 3600, meanHandleSeconds, meanPatienceSeconds).AllBusy;
}
