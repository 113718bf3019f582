using System.Text.Json.Serialization;
using Omnichannel.Simulator.Simulation;

namespace Omnichannel.Simulator.Metrics;

/// <summary>What one algorithm achieved on the plan (see docs/simulator.md for each definition).</summary>
internal sealed record AlgorithmResult
{
    public required string Algorithm { get; init; }

    /// <summary>Conversations started.</summary>
    public int Conversations { get; init; }

    /// <summary>Conversations an agent took (or was assigned) at least once.</summary>
    public int Answered { get; init; }

    /// <summary>Contacts who left the queue before any agent took their conversation.</summary>
    public int Abandoned { get; init; }

    /// <summary>Conversations still open when the run ended (0 unless something got stuck).</summary>
    public int Unfinished { get; init; }

    public double? WaitMeanSeconds { get; init; }

    /// <summary>Mean time in queue over all arrivals, abandoned ones included (until they left).</summary>
    public double? WaitMeanAllSeconds { get; init; }

    public double? WaitP50Seconds { get; init; }

    public double? WaitP90Seconds { get; init; }

    public double? WaitP99Seconds { get; init; }

    public double? WaitMaxSeconds { get; init; }

    /// <summary>Share of answered conversations that waited at all.</summary>
    public double? ProbabilityOfWait { get; init; }

    /// <summary>Answered within the threshold, over answered plus abandoned.</summary>
    public double? ServiceLevel { get; init; }

    public double ServiceLevelThresholdSeconds { get; init; }

    /// <summary>Mean time agents worked on a closed, answered conversation (taken or forwarded; not queued or on hold).</summary>
    public double? HandleTimeMeanSeconds { get; init; }

    /// <summary>Agent capacity slots in use over all slots, averaged over the arrival window.</summary>
    public double Utilization { get; init; }

    /// <summary>Coefficient of variation of conversations per agent among agents serving the same departments.</summary>
    public double FairnessCv { get; init; }

    public int ConversationsPerAgentMin { get; init; }

    public int ConversationsPerAgentMax { get; init; }

    /// <summary>The most conversations queued at once (all departments).</summary>
    public int LongestQueue { get; init; }

    /// <summary>Successful forwards.</summary>
    public int Transfers { get; init; }

    public int FailedTransfers { get; init; }

    /// <summary>Refusals the simulated people did not expect (0 unless the library misbehaves).</summary>
    public int UnexpectedRefusals { get; init; }

    /// <summary>Batch-means standard error of <see cref="WaitMeanSeconds"/> (20 batches of arrival time).</summary>
    public double? WaitMeanStdErrorSeconds { get; init; }

    /// <summary>Batch-means standard error of <see cref="ProbabilityOfWait"/>.</summary>
    public double? ProbabilityOfWaitStdError { get; init; }

    /// <summary>Service level per skill (skills scenario): answered within the threshold over answered plus abandoned.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public SortedDictionary<string, double?>? ServiceLevelBySkill { get; init; }

    /// <summary>Conversations of contacts who wrote in before (skills scenario).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? ReturningConversations { get; init; }

    /// <summary>Of the answered returning conversations, the share first taken by the agent who first took the contact's previous one.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? FirstContactAgentReuse { get; init; }

    /// <summary>Virtual hours until the last conversation closed.</summary>
    public double SimulatedHours { get; init; }

    /// <summary>The Erlang C prediction, for M/M/c scenarios.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ErlangCPrediction? ErlangC { get; init; }

    /// <summary>The Erlang A (M/M/c+M) prediction, for M/M/c scenarios with exponential patience.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ErlangAPrediction? ErlangA { get; init; }

    /// <summary>Wall-clock time of the run (kept out of JSON so that the same seed gives the same JSON).</summary>
    [JsonIgnore]
    public TimeSpan Elapsed { get; init; }

    [JsonIgnore]
    public IReadOnlyList<TimeSeriesPoint> Series { get; init; } = [];

    /// <summary>The first unexpected refusals' messages, for diagnosis on stderr.</summary>
    [JsonIgnore]
    public IReadOnlyList<string> RefusalSamples { get; init; } = [];
}
