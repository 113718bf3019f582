namespace Omnichannel.Simulator.Metrics;

/// <summary>
/// The Erlang C formula for an M/M/c queue: c agents, Poisson arrivals at rate lambda, exponential handle times with
/// mean 1/mu, offered load a = lambda/mu below c.
/// </summary>
internal static class ErlangC
{
    /// <summary>The probability that an arrival waits: C(c, a) = c B / (c - a (1 - B)), with B the Erlang B blocking probability.</summary>
    public static double ProbabilityOfWait(int agents, double offeredLoad)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(agents, 1);
        if (offeredLoad >= agents)
        {
            throw new ArgumentOutOfRangeException(nameof(offeredLoad), offeredLoad, $"Erlang C needs an offered load below the {agents} agents.");
        }

        // Erlang B by its stable recurrence B(k) = a B(k-1) / (k + a B(k-1)), B(0) = 1.
        var blocking = 1.0;
        for (var k = 1; k <= agents; k++)
        {
            blocking = offeredLoad * blocking / (k + (offeredLoad * blocking));
        }

        return agents * blocking / (agents - (offeredLoad * (1 - blocking)));
    }

    /// <summary>The mean wait in queue of all arrivals: C / (c mu - lambda) = C x meanHandle / (c - a).</summary>
    public static double MeanWaitSeconds(int agents, double offeredLoad, double meanHandleSeconds) =>
        ProbabilityOfWait(agents, offeredLoad) * meanHandleSeconds / (agents - offeredLoad);

    /// <summary>The share answered within <paramref name="thresholdSeconds"/>: 1 - C exp(-(c - a) t / meanHandle).</summary>
    public static double ServiceLevel(int agents, double offeredLoad, double meanHandleSeconds, double thresholdSeconds) =>
        1 - (ProbabilityOfWait(agents, offeredLoad) * Math.Exp(-(agents - offeredLoad) * thresholdSeconds / meanHandleSeconds));
}
