using Omnichannel.Simulator.Metrics;

namespace Omnichannel.Simulator.Tests;

/// <summary>The Erlang C formula itself, against an independent textbook form.</summary>
public class ErlangCTests
{
    [Theory]
    [InlineData(1, 0.6)]
    [InlineData(2, 1.5)]
    [InlineData(10, 8.0)]
    [InlineData(50, 45.0)]
    [InlineData(120, 100.0)]
    public void Probability_of_waiting_matches_the_textbook_sum(int agents, double load)
    {
        // C(c, a) = (a^c / c!) (c / (c - a)) / (sum_{k<c} a^k / k! + (a^c / c!) (c / (c - a))), with terms built incrementally.
        var term = 1.0;
        var sum = 0.0;
        for (var k = 0; k < agents; k++)
        {
            sum += term;
            term *= load / (k + 1);
        }

        var top = term * agents / (agents - load);
        Assert.Equal(top / (sum + top), ErlangC.ProbabilityOfWait(agents, load), 10);
    }

    [Fact]
    public void A_single_agent_queue_is_the_M_M_1_queue()
    {
        // M/M/1: P(wait) = rho, mean wait = rho / (mu - lambda) = rho x H / (1 - rho).
        Assert.Equal(0.6, ErlangC.ProbabilityOfWait(1, 0.6), 12);
        Assert.Equal(0.6 * 60 / 0.4, ErlangC.MeanWaitSeconds(1, 0.6, 60), 9);
    }

    [Fact]
    public void An_offered_load_at_or_above_the_agents_has_no_steady_state() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ErlangC.ProbabilityOfWait(4, 4.0));
}
