namespace Omnichannel.Simulator.Metrics;

/// <summary>What Erlang C predicts for an M/M/c scenario, printed beside the measurement.</summary>
/// <param name="Agents">c.</param>
/// <param name="OfferedLoad">a = lambda x mean handle time, in Erlangs.</param>
/// <param name="ProbabilityOfWait">C(c, a).</param>
/// <param name="WaitMeanSeconds">Mean wait of all arrivals.</param>
/// <param name="ServiceLevel">Share answered within the service-level threshold.</param>
/// <param name="Utilization">a / c.</param>
internal sealed record ErlangCPrediction(int Agents, double OfferedLoad, double ProbabilityOfWait, double WaitMeanSeconds, double ServiceLevel, double Utilization)
{
    public static ErlangCPrediction For(int agents, double arrivalsPerHour, double meanHandleSeconds, double serviceLevelSeconds)
    {
        var load = arrivalsPerHour * meanHandleSeconds / 3600;
        return new(agents, load, ErlangC.ProbabilityOfWait(agents, load), ErlangC.MeanWaitSeconds(agents, load, meanHandleSeconds),
            ErlangC.ServiceLevel(agents, load, meanHandleSeconds, serviceLevelSeconds), load / agents);
    }
}
