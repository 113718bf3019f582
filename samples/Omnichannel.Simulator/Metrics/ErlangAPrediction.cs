namespace Omnichannel.Simulator.Metrics;

/// <summary>What Erlang A (M/M/c+M) predicts for an M/M/c scenario with exponential patience, printed beside the measurement.</summary>
/// <param name="Agents">c.</param>
/// <param name="OfferedLoad">a = lambda x mean handle time, in Erlangs (may be c or more: the queue sheds contacts).</param>
/// <param name="MeanPatienceSeconds">1 / theta.</param>
/// <param name="ProbabilityOfAbandon">Share of arrivals who leave before an agent takes them.</param>
/// <param name="WaitMeanAllSeconds">Mean time in queue over all arrivals, those who leave included.</param>
internal sealed record ErlangAPrediction(int Agents, double OfferedLoad, double MeanPatienceSeconds, double ProbabilityOfAbandon, double WaitMeanAllSeconds)
{
    public static ErlangAPrediction For(int agents, double arrivalsPerHour, double meanHandleSeconds, double meanPatienceSeconds) => new(
        agents,
        arrivalsPerHour * meanHandleSeconds / 3600,
        meanPatienceSeconds,
        ErlangA.ProbabilityOfAbandon(agents, arrivalsPerHour, meanHandleSeconds, meanPatienceSeconds),
        ErlangA.WaitMeanAllSeconds(agents, arrivalsPerHour, meanHandleSeconds, meanPatienceSeconds));
}
