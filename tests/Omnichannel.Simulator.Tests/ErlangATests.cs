using Omnichannel.Simulator.Metrics;

namespace Omnichannel.Simulator.Tests;

/// <summary>The Erlang A (M/M/c+M) chain against cases with exact answers.</summary>
public class ErlangATests
{
    [Theory]
    [InlineData(1, 36, 60)]
    [InlineData(10, 160, 180)]
    [InlineData(30, 810, 120)]
    public void With_patience_far_longer_than_any_wait_Erlang_A_is_Erlang_C(int agents, double arrivalsPerHour, double meanHandleSeconds)
    {
        var load = arrivalsPerHour * meanHandleSeconds / 3600;

        Assert.Equal(ErlangC.MeanWaitSeconds(agents, load, meanHandleSeconds), ErlangA.WaitMeanAllSeconds(agents, arrivalsPerHour, meanHandleSeconds, 1e9), 3);
        Assert.True(ErlangA.ProbabilityOfAbandon(agents, arrivalsPerHour, meanHandleSeconds, 1e9) < 1e-6);
        Assert.Equal(ErlangC.ProbabilityOfWait(agents, load), ErlangA.ProbabilityAllBusy(agents, arrivalsPerHour, meanHandleSeconds, 1e9), 6);
    }

    [Theory]
    [InlineData(1, 3.0)]
    [InlineData(5, 7.5)]
    [InlineData(20, 18.0)]
    [InlineData(100, 140.0)]
    public void With_patience_equal_to_the_handle_time_the_number_present_is_Poisson(int agents, double offeredLoad)
    {
        // Deaths at n mu whether served or waiting: the chain of M/M/infinity, so N ~ Poisson(a) and E[queue] = E[(N - c)+].
        const double handle = 100;
        var arrivalsPerHour = offeredLoad / handle * 3600;
        var expectedQueue = 0.0;
        var logP = -offeredLoad;
        for (var n = 0; n < 2000; n++)
        {
            if (n > 0)
            {
                logP += Math.Log(offeredLoad / n);
            }

            expectedQueue += Math.Max(0, n - agents) * Math.Exp(logP);
        }

        var lambda = arrivalsPerHour / 3600;
        Assert.Equal(expectedQueue / lambda, ErlangA.WaitMeanAllSeconds(agents, arrivalsPerHour, handle, handle), 6);
        Assert.Equal(expectedQueue / handle / lambda, ErlangA.ProbabilityOfAbandon(agents, arrivalsPerHour, handle, handle), 9);
    }

    [Fact]
    public void Overload_is_stable_and_sheds_what_the_agents_cannot_serve()
    {
        // Offered 50 Erlangs to 10 agents, patience a tenth of the handle time: the agents serve about 10, so about 80 % leave.
        var abandon = ErlangA.ProbabilityOfAbandon(10, 50 * 36, 100, 10);

        Assert.InRange(abandon, 0.78, 0.81);
    }
}
