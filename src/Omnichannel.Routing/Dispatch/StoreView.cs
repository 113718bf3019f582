using System.Collections.Immutable;
using NodaTime;
using Omnichannel.Agents;
using Omnichannel.Conversations;
using Omnichannel.Departments;
using Omnichannel.Lifecycle;
using Omnichannel.Routing.Algorithms;
using Omnichannel.Routing.DependencyInjection;

namespace Omnichannel.Routing.Dispatch;

/// <summary>What applying a stored conversation changed in the view.</summary>
/// <param name="Freed">Departments of an agent whose capacity was freed (null when none).</param>
/// <param name="Queued">The department whose queue gained or reordered an entry (null when none).</param>
/// <param name="UnknownDepartment">The conversation is queued in a department the view does not know yet.</param>
/// <param name="Stranded">Taken by an agent the view knows to be Offline: it must go back to the queue.</param>
internal readonly record struct ConversationChange(IReadOnlyCollection<DepartmentId>? Freed, DepartmentId? Queued, bool UnknownDepartment, bool Stranded);

/// <summary>
/// The router's view of the stores, in memory: departments with their queues and pools of eligible agents, every known
/// agent's load, and the newest version applied of each conversation. It is a cache: events and reads of the stores
/// apply stored versions to it (an older version never overrides a newer one), and decisions read only it, under one
/// lock. The store's atomic claim stays the final word on every assignment.
/// </summary>
/// <remarks>Thread-safe through <see cref="Sync"/>: every member is called with it held.</remarks>
internal sealed class StoreView
{
    private readonly RoutingAlgorithmSelection _algorithms;
    private readonly RoutingOptions _options;
    private readonly HashSet<DepartmentId> _wantPreferred = [];

    public StoreView(RoutingAlgorithmSelection algorithms, RoutingOptions options, WorkspaceRules rules, IReadOnlyList<string> priorities)
    {
        _algorithms = algorithms;
        _options = options;
        Records = new ConversationRecords();
        Versions = new ConversationVersions(Records);
        Agents = new AgentDirectory(Departments, rules, Records);
        Queues = new QueueBook(Departments, priorities, Records);
    }

    public Lock Sync { get; } = new();

    public Dictionary<DepartmentId, DepartmentRouting> Departments { get; } = [];

    public AgentDirectory Agents { get; }

    public QueueBook Queues { get; }

    /// <summary>One record per open conversation, behind <see cref="Versions"/>, the served conversations of <see cref="Agents"/> and the entries of <see cref="Queues"/>.</summary>
    public ConversationRecords Records { get; }

    public ConversationVersions Versions { get; }

    public bool WantsPreferredAgents(DepartmentId department) => _wantPreferred.Contains(department);

    /// <summary>The departments known, in id order (so every run visits them in the same order).</summary>
    public List<DepartmentId> DepartmentIds() => [.. Departments.Keys.OrderBy(d => d.Value, StringComparer.Ordinal)];

    /// <summary>Applies a stored department; true when it is new or newer than the view's.</summary>
    public bool ApplyDepartment(Department department)
    {
        if (Departments.TryGetValue(department.Id, out var known))
        {
            if (known.Department.Version >= department.Version)
            {
                return false;
            }

            known.Department = department;
            Agents.Rebind(known);
            return true;
        }

        var (algorithm, wantsPreferred) = _algorithms.Create(department.Id);
        var routing = new DepartmentRouting(department, algorithm, _options.DefaultHandleTime);
        Departments[department.Id] = routing;
        if (wantsPreferred)
        {
            _wantPreferred.Add(department.Id);
        }

        Agents.Rebind(routing);
        return true;
    }

    /// <summary>
    /// Applies a stored conversation (the caller checked with <see cref="ConversationVersions.IsNewer"/> and computed
    /// what a queued one needs); null when a newer version was applied meanwhile.
    /// </summary>
    /// <param name="conversation">The conversation as stored.</param>
    /// <param name="trigger">The transition that produced it, when an event or the router's own write says; null for a read.</param>
    /// <param name="at">When that transition happened (for routing times).</param>
    /// <param name="request">For a queued conversation: its preferred agents, skills and service level.</param>
    /// <param name="reservation">The reservation the router's own write resolves, released here whatever happens (see <see cref="AgentDirectory.ApplyServed"/>); null otherwise.</param>
    public ConversationChange? ApplyConversation(Conversation conversation, ConversationTrigger? trigger, Instant at, QueuedRequest request, (RoutedAgent Agent, QueueEntry Entry)? reservation = null)
    {
        // The router's own write: its entry knows the conversation's record, so applying it looks nothing up.
        if (reservation is { } own && own.Entry.Id == conversation.Id)
        {
            Records.Remember(own.Entry.Record);
        }

        if (!Versions.TryApply(conversation))
        {
            if (reservation is { } stale)
            {
                Agents.Release(stale.Agent, stale.Entry);
            }

            return null;
        }

        // A take moves the taker's routing time: changed together with their load, in one index update.
        var isTake = conversation.State == ConversationState.Taken && trigger is ConversationTrigger.Take or ConversationTrigger.CompleteForwardToAgent;
        var freed = Agents.ApplyServed(conversation, isTake ? at : null, reservation);
        DepartmentId? queued = null;
        var unknownDepartment = false;
        if (conversation.State == ConversationState.Queued)
        {
            var inBook = Queues.TryGet(conversation.Id, out var known);
            if (inBook && known!.DepartmentId == conversation.DepartmentId && known.QueuedAt == conversation.QueuedAt)
            {
                known.Version = conversation.Version;
                queued = Queues.Reprioritize(conversation, request.ServiceLevel) ? conversation.DepartmentId : null;
            }
            else if (Queues.Add(conversation, request.Preferred, request.Skills, request.ServiceLevel, inBook) is not null)
            {
                queued = conversation.DepartmentId;
            }
            else
            {
                unknownDepartment = true;
            }
        }
        else
        {
            Queues.Remove(conversation.Id);
        }

        if (conversation.State == ConversationState.Closed)
        {
            Queues.Forget(conversation.Id);
            if (conversation is { FirstTakenAt: { } taken, ClosedAt: { } closed } && Departments.TryGetValue(conversation.DepartmentId, out var department))
            {
                department.RecordHandleTime(closed - taken);
            }

            if (conversation.ServingAgentId is { } closer && Agents.TryGet(closer, out var finished))
            {
                Agents.Update(finished, conversation.ClosedAt ?? at, static (a, when) => a.IdleSince = when > a.IdleSince ? when : a.IdleSince);
            }
        }

        var stranded = _options.RerouteWhenAgentGoesOffline && conversation.State == ConversationState.Taken
            && conversation.ServingAgentId is { } serving && Agents.AgentOf(serving, reservation) is { } holder && holder.Agent.Status == AgentStatus.Offline;
        return new ConversationChange(freed, queued, unknownDepartment, stranded);
    }
}

/// <summary>What routing needs of a queued conversation beyond the stored record: computed before the view is locked.</summary>
internal readonly record struct QueuedRequest(ImmutableArray<AgentId> Preferred, ImmutableArray<SkillRequirement> Skills, Instant? ServiceLevel)
{
    public static QueuedRequest None { get; } = new([], [], null);
}
