using NodaTime;
using Omnichannel.Conversations;
using Omnichannel.Lifecycle;
using Omnichannel.Notifications;
using Omnichannel.Simulator.Metrics;

namespace Omnichannel.Simulator.Simulation;

/// <summary>
/// Turns the library's domain events into the run's metrics: waits read from the stored conversation
/// (<see cref="Conversation.FirstTakenAt"/> - <see cref="Conversation.CreatedAt"/>), queue length and agent
/// occupancy from state changes, transfers from <see cref="ForwardCompleted"/>. It keeps no model of its own.
/// </summary>
/// <remarks>Not thread-safe: a run publishes every event on the one thread that advances its virtual time.</remarks>
internal sealed class MetricsRecorder
{
    private const int Batches = 20;

    private readonly TraceBook _traces;
    private readonly Instant _start;
    private readonly Instant _end;
    private readonly int _slots;
    private readonly Dictionary<AgentId, int> _assigned;
    private readonly List<(double Arrival, double Wait)> _waits = [];
    private readonly List<double> _handleTimes = [];
    private readonly List<double> _abandonedWaits = [];
    private readonly List<(int Skill, double Wait)> _skillWaits = [];
    private readonly int[] _skillAbandoned = new int[Demand.SkillPlan.Names.Length];
    private int _returning;
    private int _returningAnswered;
    private int _returningToPreviousAgent;
    private readonly List<TimeSeriesPoint> _series = [];

    private int _conversations;
    private int _abandoned;
    private int _closed;
    private int _queued;
    private int _longestQueue;
    private int _occupied;
    private double _occupiedSlotSeconds;
    private Instant _integratedTo;
    private int _transfers;
    private int _failedTransfers;
    private Instant _lastClose;

    // Since the previous sample.
    private int _intervalQueuedMax;
    private int _intervalArrivals;
    private int _intervalAnswered;
    private double _intervalWaitSum;
    private int _intervalAbandoned;

    public MetricsRecorder(TraceBook traces, Instant start, Instant end, IEnumerable<AgentId> agents, int slots)
    {
        _traces = traces;
        _start = start;
        _end = end;
        _slots = slots;
        _integratedTo = start;
        _lastClose = start;
        _assigned = agents.ToDictionary(a => a, _ => 0);
    }

    /// <summary>Conversations started but not closed.</summary>
    public int Open => _conversations - _closed;

    public int Conversations => _conversations;

    public void Record(DomainEvent domainEvent)
    {
        switch (domainEvent)
        {
            case ConversationQueued queued:
                OnQueued(queued);
                break;
            case ConversationStateChanged changed:
                OnStateChanged(changed);
                break;
            case ForwardCompleted forward when forward.Result.FailureReason is null:
                _transfers++;
                break;
            case ForwardCompleted:
                _failedTransfers++;
                break;
        }
    }

    private void OnQueued(ConversationQueued queued)
    {
        var conversation = queued.Conversation;
        var trace = _traces.Of(conversation.ContactId);
        if (trace.Id is null)
        {
            trace.Id = conversation.Id;
            _conversations++;
            _returning += trace.IsReturning ? 1 : 0;
            _intervalArrivals++;
        }

        trace.Department = conversation.DepartmentId;
        SetQueued(trace, true);
    }

    private void OnStateChanged(ConversationStateChanged changed)
    {
        var conversation = changed.Conversation;
        var trace = _traces.Of(conversation.ContactId);
        var at = changed.OccurredAt;
        trace.Department = conversation.DepartmentId;
        if (changed.To != ConversationState.Queued)
        {
            SetQueued(trace, false);
        }

        SetOccupying(trace, conversation.OccupiesServingAgent(countOnHold: false), at);
        if (changed.To == ConversationState.Taken && changed.Trigger is ConversationTrigger.Take or ConversationTrigger.CompleteForwardToAgent
            && conversation.ServingAgentId is { } agent)
        {
            _assigned[agent] = _assigned.GetValueOrDefault(agent) + 1;
        }

        if (trace.FirstTakenAt is null && conversation.FirstTakenAt is { } firstTaken)
        {
            trace.FirstTakenAt = firstTaken;
            var wait = (firstTaken - conversation.CreatedAt).TotalSeconds;
            _waits.Add(((conversation.CreatedAt - _start).TotalSeconds, wait));
            _intervalAnswered++;
            _intervalWaitSum += wait;
            if (trace.Plan.Skill is { } skill)
            {
                _skillWaits.Add((skill, wait));
            }

            if (trace.IsReturning)
            {
                _returningAnswered++;
                _returningToPreviousAgent += trace.PreviousAgent is { } previous && conversation.ServingAgentId == previous ? 1 : 0;
            }
        }

        if (changed.To == ConversationState.Closed && !trace.IsClosed)
        {
            trace.IsClosed = true;
            _closed++;
            _lastClose = at;
            if (conversation.FirstTakenAt is null)
            {
                _abandoned++;
                _intervalAbandoned++;
                _abandonedWaits.Add((at - conversation.CreatedAt).TotalSeconds);
                if (trace.Plan.Skill is { } skill)
                {
                    _skillAbandoned[skill]++;
                }
            }
            else
            {
                _handleTimes.Add(trace.Occupied.TotalSeconds);
            }
        }
    }

    private void SetQueued(ConversationTrace trace, bool queued)
    {
        if (trace.IsQueued == queued)
        {
            return;
        }

        trace.IsQueued = queued;
        _queued += queued ? 1 : -1;
        _longestQueue = Math.Max(_longestQueue, _queued);
        _intervalQueuedMax = Math.Max(_intervalQueuedMax, _queued);
    }

    private void SetOccupying(ConversationTrace trace, bool occupying, Instant at)
    {
        if (trace.IsOccupying == occupying)
        {
            return;
        }

        IntegrateTo(at);
        trace.IsOccupying = occupying;
        if (occupying)
        {
            trace.OccupyingSince = at;
            _occupied++;
        }
        else
        {
            trace.Occupied += at - trace.OccupyingSince;
            _occupied--;
        }
    }

    /// <summary>Adds the slots in use since the last change, within the arrival window only.</summary>
    private void IntegrateTo(Instant at)
    {
        var upTo = at < _end ? at : _end;
        if (upTo > _integratedTo)
        {
            _occupiedSlotSeconds += _occupied * (upTo - _integratedTo).TotalSeconds;
            _integratedTo = upTo;
        }
    }

    /// <summary>Closes the current sample interval at <paramref name="at"/>.</summary>
    public void Sample(Instant at)
    {
        IntegrateTo(at);
        _series.Add(new TimeSeriesPoint(
            (at - _start).TotalMinutes,
            _queued,
            _intervalQueuedMax,
            _intervalArrivals,
            _intervalAnswered,
            _intervalAnswered == 0 ? null : _intervalWaitSum / _intervalAnswered,
            _intervalAbandoned,
            _occupied,
            _slots == 0 ? 0 : (double)_occupied / _slots));
        _intervalQueuedMax = _queued;
        _intervalArrivals = 0;
        _intervalAnswered = 0;
        _intervalWaitSum = 0;
        _intervalAbandoned = 0;
    }

    public AlgorithmResult Result(string algorithm, double serviceLevelSeconds, IReadOnlyList<IReadOnlyList<AgentId>> peerGroups, int unexpectedRefusals)
    {
        IntegrateTo(_end);
        var waits = _waits.Select(w => w.Wait).Order().ToArray();
        var answered = waits.Length;
        var withinThreshold = waits.Count(w => w <= serviceLevelSeconds);
        var counts = _assigned.Values.ToArray();
        var (waitError, probabilityError) = BatchErrors();
        var window = (_end - _start).TotalSeconds;
        return new AlgorithmResult
        {
            Algorithm = algorithm,
            Conversations = _conversations,
            Answered = answered,
            Abandoned = _abandoned,
            Unfinished = Open,
            WaitMeanSeconds = Statistics.Mean(waits),
            WaitMeanAllSeconds = Statistics.Mean([.. waits, .. _abandonedWaits]),
            WaitP50Seconds = Statistics.Quantile(waits, 0.50),
            WaitP90Seconds = Statistics.Quantile(waits, 0.90),
            WaitP99Seconds = Statistics.Quantile(waits, 0.99),
            WaitMaxSeconds = answered == 0 ? null : waits[^1],
            ProbabilityOfWait = answered == 0 ? null : (double)waits.Count(w => w > 0) / answered,
            ServiceLevel = answered + _abandoned == 0 ? null : (double)withinThreshold / (answered + _abandoned),
            ServiceLevelThresholdSeconds = serviceLevelSeconds,
            HandleTimeMeanSeconds = Statistics.Mean(_handleTimes),
            Utilization = _slots == 0 || window <= 0 ? 0 : _occupiedSlotSeconds / (_slots * window),
            FairnessCv = FairnessCv(peerGroups),
            ConversationsPerAgentMin = counts.Length == 0 ? 0 : counts.Min(),
            ConversationsPerAgentMax = counts.Length == 0 ? 0 : counts.Max(),
            LongestQueue = _longestQueue,
            Transfers = _transfers,
            FailedTransfers = _failedTransfers,
            UnexpectedRefusals = unexpectedRefusals,
            WaitMeanStdErrorSeconds = waitError,
            ProbabilityOfWaitStdError = probabilityError,
            ServiceLevelBySkill = ServiceLevelBySkill(serviceLevelSeconds),
            ReturningConversations = _returning == 0 ? null : _returning,
            FirstContactAgentReuse = _returningAnswered == 0 ? null : (double)_returningToPreviousAgent / _returningAnswered,
            SimulatedHours = ((_lastClose > _end ? _lastClose : _end) - _start).TotalHours,
            Series = _series,
        };
    }

    /// <summary>Per skill: answered within the threshold over answered plus abandoned (skills scenario; null elsewhere).</summary>
    private SortedDictionary<string, double?>? ServiceLevelBySkill(double threshold)
    {
        if (_skillWaits.Count == 0 && _skillAbandoned.Sum() == 0)
        {
            return null;
        }

        var levels = new SortedDictionary<string, double?>(StringComparer.Ordinal);
        for (var skill = 0; skill < _skillAbandoned.Length; skill++)
        {
            var answered = _skillWaits.Where(w => w.Skill == skill).ToList();
            var total = answered.Count + _skillAbandoned[skill];
            levels[Demand.SkillPlan.Names[skill]] = total == 0 ? null : (double)answered.Count(w => w.Wait <= threshold) / total;
        }

        return levels;
    }

    /// <summary>
    /// The spread of conversations per agent, pooled over groups of agents who serve the same departments (so a
    /// busier department does not count as unfairness): sqrt(mean over agents of (n / group mean - 1)^2).
    /// </summary>
    private double FairnessCv(IReadOnlyList<IReadOnlyList<AgentId>> peerGroups)
    {
        var squares = 0.0;
        var agents = 0;
        foreach (var group in peerGroups)
        {
            var mean = group.Average(a => (double)_assigned.GetValueOrDefault(a));
            if (mean <= 0)
            {
                continue;
            }

            foreach (var agent in group)
            {
                var ratio = _assigned.GetValueOrDefault(agent) / mean;
                squares += (ratio - 1) * (ratio - 1);
                agents++;
            }
        }

        return agents == 0 ? 0 : Math.Sqrt(squares / agents);
    }

    /// <summary>Batch means over <see cref="Batches"/> equal slices of arrival time (see <see cref="Statistics.BatchMeansStandardError"/>).</summary>
    private (double? Wait, double? ProbabilityOfWait) BatchErrors()
    {
        var window = (_end - _start).TotalSeconds;
        var sums = new double[Batches];
        var waited = new int[Batches];
        var counts = new int[Batches];
        foreach (var (arrival, wait) in _waits)
        {
            var batch = Math.Clamp((int)(arrival / window * Batches), 0, Batches - 1);
            sums[batch] += wait;
            waited[batch] += wait > 0 ? 1 : 0;
            counts[batch]++;
        }

        var filled = Enumerable.Range(0, Batches).Where(b => counts[b] > 0).ToArray();
        return (Statistics.BatchMeansStandardError([.. filled.Select(b => sums[b] / counts[b])]),
            Statistics.BatchMeansStandardError([.. filled.Select(b => (double)waited[b] / counts[b])]));
    }
}
