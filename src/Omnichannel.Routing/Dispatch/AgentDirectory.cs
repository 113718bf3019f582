using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;
using NodaTime;
using Omnichannel.Agents;
using Omnichannel.Capacity;
using Omnichannel.Conversations;
using Omnichannel.Routing.Algorithms;

namespace Omnichannel.Routing.Dispatch;

/// <summary>What applying a stored agent changed.</summary>
/// <param name="Departments">Every department whose eligible agents may have changed (before and after).</param>
/// <param name="WentOffline">The agent was not Offline in the view and is now.</param>
/// <param name="Changed">Anything the router reads changed (version, status, limits, memberships).</param>
internal readonly record struct AgentChange(IReadOnlyCollection<DepartmentId> Departments, bool WentOffline, bool Changed);

/// <summary>
/// The agent pool and its indexes: every known agent's view (<see cref="RoutedAgent"/>), their loads counted with the
/// capacity rule of Core (<see cref="CapacityClaim"/>), and their place in each department's pool of eligible agents.
/// An agent is detached from every pool before anything an order or eligibility reads changes, and attached after.
/// </summary>
/// <remarks>Not thread-safe: callers hold the <see cref="StoreView"/> lock.</remarks>
/// <param name="departments">The view's departments.</param>
/// <param name="rules">The workspace settings routing applies.</param>
/// <param name="records">The router's table of open conversations, where the agent each is counted on is kept (a table of its own when null).</param>
internal sealed class AgentDirectory(Dictionary<DepartmentId, DepartmentRouting> departments, WorkspaceRules rules, ConversationRecords? records = null)
{
    private readonly Dictionary<AgentId, RoutedAgent> _agents = [];
    private readonly ConversationRecords _records = records ?? new();

    // Served conversations whose agent the directory does not know yet (counted on nobody): an agent that appears takes
    // them over. Rare, so a new agent looks here rather than through every open conversation.
    private readonly HashSet<ConversationRecord> _servedByUnknown = new(ReferenceEqualityComparer.Instance);

    public IEnumerable<RoutedAgent> All => _agents.Values;

    public bool TryGet(AgentId id, [NotNullWhen(true)] out RoutedAgent? agent) => _agents.TryGetValue(id, out agent);

    /// <summary>Applies a stored version of an agent; null when the view holds a newer one.</summary>
    public AgentChange? Apply(Agent agent)
    {
        if (!_agents.TryGetValue(agent.Id, out var routed))
        {
            routed = new RoutedAgent(agent) { LastRoutedAt = agent.StatusChangedAt, IdleSince = agent.StatusChangedAt };
            _agents[agent.Id] = routed;
            if (_servedByUnknown.Count > 0)
            {
                foreach (var record in _servedByUnknown.Where(r => r.Served.AgentId == agent.Id).ToList())
                {
                    Count(routed, record.Id, record.Served, +1);
                    _servedByUnknown.Remove(record);
                }
            }

            Rebind(routed);
            Attach(routed);
            return new AgentChange(agent.Departments, WentOffline: false, Changed: true);
        }

        if (routed.Agent.Version > agent.Version)
        {
            return null;
        }

        var before = routed.Agent;
        if (before.Version == agent.Version)
        {
            return new AgentChange([], WentOffline: false, Changed: false);
        }

        Detach(routed);
        routed.Agent = agent;
        Rebind(routed);
        if (agent.Status == AgentStatus.Available && before.Status != AgentStatus.Available && agent.StatusChangedAt > routed.IdleSince)
        {
            routed.IdleSince = agent.StatusChangedAt;
        }

        Attach(routed);
        return new AgentChange(
            [.. before.Departments.Union(agent.Departments).OrderBy(d => d.Value, StringComparer.Ordinal)],
            WentOffline: before.Status != AgentStatus.Offline && agent.Status == AgentStatus.Offline,
            Changed: true);
    }

    /// <summary>A department appeared or changed: its members leave and re-enter the pools under its new settings.</summary>
    public void Rebind(DepartmentRouting routing)
    {
        // Members by the department's list and by the agents' own (a new department is in no agent's routings yet).
        var members = routing.Members.Select(id => _agents[id]).Concat(_agents.Values.Where(a => a.Agent.Departments.Contains(routing.Id))).Distinct().ToList();
        foreach (var agent in members)
        {
            Detach(agent);
            Rebind(agent);
        }

        foreach (var agent in members)
        {
            Attach(agent);
        }
    }

    /// <summary>
    /// Brings the loads in line with a conversation as stored (the caller checked its version is new); returns the
    /// departments of an agent whose capacity was freed, or null.
    /// </summary>
    /// <param name="conversation">The conversation as stored.</param>
    /// <param name="routedAt">When its serving agent was given it (a take), to move their routing time in the same index update; null otherwise.</param>
    /// <param name="reservation">A reservation the write this conversation comes from resolves: released whatever happens, in the same index update as the count when it is the serving agent's.</param>
    public IReadOnlyCollection<DepartmentId>? ApplyServed(Conversation conversation, Instant? routedAt = null, (RoutedAgent Agent, QueueEntry Entry)? reservation = null)
    {
        Served? now = conversation.IsOpen && conversation.ServingAgentId is { } serving && conversation.State is ConversationState.Taken or ConversationState.Forwarded or ConversationState.OnHold
            ? new Served(serving, conversation.DepartmentId, conversation.State, conversation.Channel, conversation.OccupiesServingAgent(rules.CountOnHold))
            : null;
        // One look-up of the conversation's record (none after the version's): cleared when it is served no more, else read and replaced in place.
        bool had;
        Served before;
        ConversationRecord? record;
        if (now is not { } current)
        {
            had = false;
            before = default;
            if (_records.TryFind(conversation.Id, out record) && record.HasServed)
            {
                had = true;
                before = record.Served;
                record.HasServed = false;
                record.Served = default;
                _records.DropIfEmpty(record);
            }
        }
        else
        {
            record = _records.FindOrAdd(conversation.Id);
            had = record.HasServed;
            before = record.Served;
            if (had && current == before)
            {
                if (routedAt is { } when && _agents.TryGetValue(current.AgentId, out var taker) && when > taker.LastRoutedAt)
                {
                    Update(taker, when, static (a, at) => a.LastRoutedAt = at);
                }

                if (reservation is { } unchanged)
                {
                    Release(unchanged.Agent, unchanged.Entry);
                }

                return null;
            }

            record.Served = current;
            record.HasServed = true;
        }

        IReadOnlyCollection<DepartmentId>? freed = null;
        if (had)
        {
            if (_agents.TryGetValue(before.AgentId, out var previous))
            {
                Update(previous, (conversation.Id, before), static (a, s) => Count(a, s.Item1, s.Item2, -1));
                freed = previous.Agent.Departments;
            }
            else
            {
                _servedByUnknown.Remove(record!);
            }
        }

        if (now is { } served)
        {
            if (AgentOf(served.AgentId, reservation) is { } agent)
            {
                // The taker's reservation ends with the count of what it became: one index update, not two.
                QueueEntry? released = null;
                if (reservation is { } own && ReferenceEquals(own.Agent, agent))
                {
                    released = own.Entry;
                    reservation = null;
                }

                Update(agent, (conversation.Id, served, routedAt, released), static (a, s) =>
                {
                    if (s.released is { } entry && s.Item2.Counted && entry.DepartmentId == s.Item2.DepartmentId && entry.Channel == s.Item2.Channel)
                    {
                        // The reservation becomes the count of the same department and channel: those counts stay as they are.
                        Count(a, s.Item1, s.Item2, +1, countIn: false);
                        a.ReservedConversations--;
                    }
                    else
                    {
                        Count(a, s.Item1, s.Item2, +1);
                        if (s.released is { } other)
                        {
                            CountReservation(a, other, -1);
                        }
                    }

                    if (s.routedAt is { } at && at > a.LastRoutedAt)
                    {
                        a.LastRoutedAt = at;
                    }
                });
            }
            else
            {
                _servedByUnknown.Add(record!);
            }
        }

        if (reservation is { } other)
        {
            Release(other.Agent, other.Entry);
        }

        return freed;
    }

    /// <summary>
    /// The directory's agent of <paramref name="id"/>, or null. The agent of the router's own reservation is that very object
    /// (the directory keeps one per id, for good, and pools hold only those), so the take it resolves needs no look-up.
    /// </summary>
    internal RoutedAgent? AgentOf(AgentId id, (RoutedAgent Agent, QueueEntry Entry)? reservation) =>
        reservation is { } own && own.Agent.Id == id ? own.Agent : _agents.TryGetValue(id, out var known) ? known : null;

    /// <summary>The conversations the view counts on <paramref name="agent"/>.</summary>
    public IReadOnlySet<ConversationId> ServedBy(AgentId agent) =>
        _agents.TryGetValue(agent, out var routed) ? routed.ServingOrNone : _servedByUnknown.Where(r => r.Served.AgentId == agent).Select(r => r.Id).ToHashSet();

    /// <summary>Counts the entry on the agent until its assignment or offer resolves.</summary>
    public void Reserve(RoutedAgent agent, QueueEntry entry) => Update(agent, entry, static (a, e) => CountReservation(a, e, +1));

    public void Release(RoutedAgent agent, QueueEntry entry) => Update(agent, entry, static (a, e) => CountReservation(a, e, -1));

    /// <summary>Changes something an order or eligibility reads: detached before, attached after.</summary>
    public void Update<TState>(RoutedAgent agent, TState state, Action<RoutedAgent, TState> change)
    {
        Detach(agent);
        change(agent, state);
        Attach(agent);
    }

    /// <summary>The capacity rule for an agent serving in a department: the claim a take would write, and the load it counts.</summary>
    public CapacityClaim ClaimFor(RoutedAgent agent, DepartmentRouting routing, string? channel) =>
        CapacityClaim.For(agent.Agent, routing.Id, routing.Department, channel, rules.CountOnHold, rules.WorkspaceLimit);

    /// <summary>The agent's load as a claim counts it, reservations included (they become conversations if they succeed).</summary>
    public AgentLoad LoadOf(RoutedAgent agent, DepartmentId department, string? channel) => new(
        agent.ActiveConversations + (rules.CountOnHold ? agent.OnHoldConversations : 0) + agent.ReservedConversations,
        agent.CountedIn(department),
        channel is null ? 0 : agent.CountedOn(channel));

    /// <summary>True when the agent has room for a conversation of the entry's channel in its department (the one capacity rule).</summary>
    public bool HasRoom(RoutedAgent agent, DepartmentRouting routing, string? channel) =>
        ClaimFor(agent, routing, channel).HasRoom(LoadOf(agent, routing.Id, channel));

    /// <summary>The workspace settings routing applies.</summary>
    public WorkspaceRules Rules => rules;

    public bool IsRoutable(Agent agent) => rules.IsRoutable(agent);

    private static void Count(RoutedAgent agent, ConversationId conversation, Served served, int sign, bool countIn = true)
    {
        if (sign > 0)
        {
            agent.Serving.Add(conversation);
        }
        else
        {
            agent.Serving.Remove(conversation);
        }

        if (served.State == ConversationState.OnHold)
        {
            agent.OnHoldConversations += sign;
        }
        else
        {
            agent.ActiveConversations += sign;
        }

        if (served.Counted && countIn)
        {
            CountIn(agent, served.DepartmentId, served.Channel, sign);
        }
    }

    /// <summary>Adds <paramref name="sign"/> to the agent's counts in the department and the channel: one look-up each.</summary>
    private static void CountIn(RoutedAgent agent, DepartmentId department, string channel, int sign)
    {
        CollectionsMarshal.GetValueRefOrAddDefault(agent.CountedByDepartment, department, out _) += sign;
        CollectionsMarshal.GetValueRefOrAddDefault(agent.CountedByChannel, channel, out _) += sign;
    }

    private static void CountReservation(RoutedAgent agent, QueueEntry entry, int sign)
    {
        agent.ReservedConversations += sign;
        CountIn(agent, entry.DepartmentId, entry.Channel, sign);
    }

    /// <summary>Takes the agent out of every department's pool; call before changing anything an order or eligibility reads.</summary>
    private static void Detach(RoutedAgent agent)
    {
        foreach (var routing in agent.Routings)
        {
            routing.Pool.Remove(agent);
        }
    }

    /// <summary>Puts the agent back into the pools of the departments where it is eligible now (idempotent).</summary>
    private void Attach(RoutedAgent agent)
    {
        if (!IsRoutable(agent.Agent))
        {
            return;
        }

        foreach (var routing in agent.Routings)
        {
            if (HasRoom(agent, routing, channel: null))
            {
                routing.Pool.Add(agent);
            }
        }
    }

    /// <summary>The known departments of the agent, in id order (one department, the usual case, without sorting).</summary>
    private DepartmentRouting[] RoutingsOf(Agent agent)
    {
        if (agent.Departments.Count == 1)
        {
            foreach (var only in agent.Departments)
            {
                return departments.TryGetValue(only, out var routing) ? [routing] : [];
            }
        }

        return [.. agent.Departments.OrderBy(d => d.Value, StringComparer.Ordinal).Select(d => departments.GetValueOrDefault(d)).OfType<DepartmentRouting>()];
    }

    /// <summary>Recomputes which known departments the agent belongs to and where it counts as an available member.</summary>
    private void Rebind(RoutedAgent agent)
    {
        foreach (var routing in agent.Routings)
        {
            routing.AvailableMembers.Remove(agent.Id);
            routing.Members.Remove(agent.Id);
        }

        var before = agent.Routings;
        agent.Routings = RoutingsOf(agent.Agent);
        foreach (var left in before)
        {
            if (Array.IndexOf(agent.Routings, left) < 0)
            {
                left.Pool.Forget(agent);
            }
        }

        foreach (var routing in agent.Routings)
        {
            routing.Members.Add(agent.Id);
        }

        if (IsRoutable(agent.Agent))
        {
            foreach (var routing in agent.Routings)
            {
                routing.AvailableMembers.Add(agent.Id);
            }
        }
    }
}
