using NodaTime;
using Omnichannel.Departments;
using Omnichannel.Routing.Algorithms;

namespace Omnichannel.Routing.Dispatch;

/// <summary>One department's routing state: its settings, eligible agents, queue and algorithm.</summary>
/// <remarks>Not thread-safe: the router guards it with its lock.</remarks>
internal sealed class DepartmentRouting
{
    public DepartmentRouting(Department department, object algorithm, Duration defaultHandleTime)
    {
        Department = department;
        Algorithm = algorithm as IRoutingAlgorithm;
        AsyncAlgorithm = algorithm as IAsyncRoutingAlgorithm;
        Eligible = new EligibleAgents(Pool);
        MeanHandleTime = defaultHandleTime;
    }

    public Department Department { get; set; }

    public DepartmentId Id => Department.Id;

    public IRoutingAlgorithm? Algorithm { get; }

    public IAsyncRoutingAlgorithm? AsyncAlgorithm { get; }

    /// <summary>The eligible agents (available, members, under capacity).</summary>
    public AgentPool Pool { get; } = new();

    /// <summary>Every known agent who is a member of the department, whatever their status.</summary>
    public HashSet<AgentId> Members { get; } = [];

    /// <summary>Agents serving the department who are available, eligible or not (for wait estimates).</summary>
    public HashSet<AgentId> AvailableMembers { get; } = [];

    public EligibleAgents Eligible { get; }

    /// <summary>The entries waiting, in queue order (entries being assigned or offered are taken out meanwhile).</summary>
    public SortedQueue Queue { get; } = new();

    /// <summary>Every entry of the department, waiting or in flight, so a reconciliation visits only this department's.</summary>
    public HashSet<QueueEntry> Entries { get; } = [];

    /// <summary>An exponentially weighted mean of handle times of closed conversations, for wait estimates.</summary>
    public Duration MeanHandleTime { get; private set; }

    public bool PositionsFlushScheduled { get; set; }

    public void RecordHandleTime(Duration handled) =>
        MeanHandleTime = Duration.FromTicks((long)((MeanHandleTime.BclCompatibleTicks * 0.9) + (handled.BclCompatibleTicks * 0.1)));
}
