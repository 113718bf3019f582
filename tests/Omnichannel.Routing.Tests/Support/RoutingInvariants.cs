using NodaTime;
using Omnichannel.Agents;
using Omnichannel.Conversations;
using Omnichannel.Departments;
using Omnichannel.Lifecycle;
using Omnichannel.Notifications;
using Omnichannel.Storage;

namespace Omnichannel.Routing.Tests.Support;

/// <summary>
/// The router's invariants, checked against the stores (the truth) and the recorded events:
/// <list type="bullet">
/// <item>Capacity: no agent serves more counted conversations (Taken, Forwarded, and OnHold when on hold counts)
/// than their own limit, nor more of one department than its per-agent limit.</item>
/// <item>Not left with offline agents: an Offline agent serves no Taken conversation.</item>
/// <item>Nothing stuck: if a department's queue holds a conversation, no eligible agent of that department (Available,
/// member, omnichannel role and take permission) has room under both limits.</item>
/// <item>The router's queue of each department lists exactly the stored queued conversations, in queue order.</item>
/// <item>No double assignment: each conversation's recorded transitions form one chain (each starts where the
/// previous ended), so no conversation is taken again without first going back to a queue.</item>
/// <item>Queue order: when routing assigns conversation X of department D, no conversation Y of D that routing had
/// been told was queued (a ConversationQueued event) and that was still queued precedes X in queue order
/// (priority weight 1..5 then none, then queued time, then the order routing saw them). Agents eligible for X are
/// eligible for Y in these scenarios (no skills, no exclusions), so taking X first would break the order.</item>
/// </list>
/// </summary>
internal sealed class RoutingInvariants(RoutingHarness harness, IReadOnlyList<AgentId> agents, IReadOnlyList<DepartmentId> departments)
{
    private static readonly ConversationState[] Served = [ConversationState.Taken, ConversationState.Forwarded, ConversationState.OnHold];
    private static readonly ConversationState[] QueuedOnly = [ConversationState.Queued];

    private readonly Dictionary<ConversationId, ConversationState> _lastState = [];
    private readonly Dictionary<ConversationId, QueuedKey> _queued = [];
    private int _eventsSeen;
    private long _sequence;

    private readonly record struct QueuedKey(DepartmentId Department, int Weight, Instant QueuedAt, long Sequence) : IComparable<QueuedKey>
    {
        public int CompareTo(QueuedKey other) =>
            Weight != other.Weight ? Weight.CompareTo(other.Weight)
            : QueuedAt != other.QueuedAt ? QueuedAt.CompareTo(other.QueuedAt)
            : Sequence.CompareTo(other.Sequence);
    }

    private static string Few<T>(IEnumerable<T> items) => string.Join(", ", items.Take(10)) + (items.Skip(10).Any() ? ", ..." : string.Empty);

    private static int Weight(ConversationPriority priority) => QueueOrder.Rank(priority, ["Highest", "High", "Medium", "Low", "Lowest"]);

    /// <summary>
    /// Returns every violation (empty when all hold). <paramref name="eventsInOrder"/>: replay the events recorded since
    /// the last check (only when one thread publishes); otherwise transition chains are checked by version instead.
    /// </summary>
    public async Task<List<string>> CheckAsync(bool eventsInOrder = true)
    {
        var violations = new List<string>();
        if (eventsInOrder)
        {
            CheckTrace(violations);
        }
        else
        {
            CheckChainsByVersion(violations);
        }

        var countOnHold = harness.CoreOptions.CountOnHoldTowardCapacity;
        var departmentsById = new Dictionary<DepartmentId, Department>();
        foreach (var id in departments)
        {
            departmentsById[id] = (await harness.Stores.Departments.GetAsync(id, default))!;
        }

        var room = new Dictionary<(AgentId, DepartmentId), bool>();
        foreach (var id in agents)
        {
            var agent = (await harness.Stores.Agents.GetAsync(id, default))!;
            var served = await harness.Stores.Conversations.QueryAsync(new ConversationQuery { ServingAgentId = id, States = Served }, default);
            var counted = served.Where(c => c.OccupiesServingAgent(countOnHold)).ToList();
            if (agent.MaxSimultaneousConversations > 0 && counted.Count > agent.MaxSimultaneousConversations)
            {
                violations.Add($"agent {id} serves {counted.Count} counted conversations, above their limit {agent.MaxSimultaneousConversations}: {string.Join(", ", counted.Select(c => c.Id))}");
            }

            if (agent.Status == AgentStatus.Offline && harness.RoutingOptions.RerouteWhenAgentGoesOffline && served.FirstOrDefault(c => c.State == ConversationState.Taken) is { } left)
            {
                violations.Add($"agent {id} is Offline but still serves taken conversation {left.Id}");
            }

            foreach (var department in departmentsById.Values)
            {
                var inDepartment = counted.Count(c => c.DepartmentId == department.Id);
                if (department.MaxChatsPerAgent > 0 && inDepartment > department.MaxChatsPerAgent)
                {
                    violations.Add($"agent {id} serves {inDepartment} counted conversations of {department.Id}, above its per-agent limit {department.MaxChatsPerAgent}");
                }

                room[(id, department.Id)] = agent.Status == AgentStatus.Available && agent.IsOmnichannelAgent && agent.Has(AgentPermissions.TakeConversation)
                    && agent.Departments.Contains(department.Id)
                    && (agent.MaxSimultaneousConversations <= 0 || counted.Count < agent.MaxSimultaneousConversations)
                    && (department.MaxChatsPerAgent <= 0 || inDepartment < department.MaxChatsPerAgent);
            }
        }

        foreach (var department in departmentsById.Values)
        {
            var queued = await harness.Stores.Conversations.QueryAsync(new ConversationQuery { DepartmentId = department.Id, States = QueuedOnly }, default);
            var free = agents.Where(a => room[(a, department.Id)]).ToList();
            if (queued.Count > 0 && free.Count > 0)
            {
                violations.Add($"stuck: {department.Id} queues {queued.Count} ({Few(queued.Select(c => c.Id))}) while {string.Join(", ", free)} could take one");
            }

            var view = await harness.Routing.GetQueueAsync(department.Id);
            var viewIds = view.Select(p => p.ConversationId).ToHashSet();
            if (!viewIds.SetEquals(queued.Select(c => c.Id)))
            {
                var stored = queued.Select(c => c.Id).ToHashSet();
                violations.Add($"router's queue of {department.Id} misses stored queued [{Few(stored.Except(viewIds))}] and has [{Few(viewIds.Except(stored))}] that the store does not queue");
            }
            else
            {
                var byId = queued.ToDictionary(c => c.Id);
                var keys = view.Select(p => (Weight(byId[p.ConversationId].Priority), byId[p.ConversationId].QueuedAt)).ToList();
                for (var i = 1; i < keys.Count; i++)
                {
                    if (keys[i - 1].CompareTo(keys[i]) > 0)
                    {
                        violations.Add($"router's queue of {department.Id} is out of order at position {i + 1}: [{Few(view.Select(p => p.ConversationId))}]");
                    }
                }
            }
        }

        return violations;
    }

    /// <summary>Concurrent publishers record events out of order: sort each conversation's transitions by stored version and check they chain.</summary>
    private void CheckChainsByVersion(List<string> violations)
    {
        foreach (var transitions in harness.Events.OfType<ConversationStateChanged>().GroupBy(e => e.Conversation.Id))
        {
            var ordered = transitions.OrderBy(e => e.Conversation.Version).ToList();
            for (var i = 1; i < ordered.Count; i++)
            {
                if (ordered[i].From != ordered[i - 1].To || ordered[i].Conversation.Version == ordered[i - 1].Conversation.Version)
                {
                    violations.Add($"{transitions.Key}: {ordered[i].From} -> {ordered[i].To} by {ordered[i].Trigger} (version {ordered[i].Conversation.Version}) follows {ordered[i - 1].From} -> {ordered[i - 1].To} (version {ordered[i - 1].Conversation.Version})");
                }
            }
        }
    }

    /// <summary>Replays the events recorded since the last check: transition chains and the queue order of routing's assignments.</summary>
    private void CheckTrace(List<string> violations)
    {
        var events = harness.Events.Events;
        for (; _eventsSeen < events.Count; _eventsSeen++)
        {
            switch (events[_eventsSeen])
            {
                case ConversationQueued { Conversation: var c }:
                    _lastState.TryAdd(c.Id, ConversationState.Queued);
                    if (!_queued.TryGetValue(c.Id, out var known) || known.Department != c.DepartmentId || known.QueuedAt != c.QueuedAt)
                    {
                        _queued[c.Id] = new QueuedKey(c.DepartmentId, Weight(c.Priority), c.QueuedAt, ++_sequence);
                    }

                    break;
                case RoomInformationChanged { Conversation: { State: ConversationState.Queued } c } when _queued.TryGetValue(c.Id, out var key):
                    _queued[c.Id] = key with { Weight = Weight(c.Priority) };
                    break;
                case ConversationStateChanged changed:
                    var id = changed.Conversation.Id;
                    if (_lastState.TryGetValue(id, out var last) && last != changed.From)
                    {
                        violations.Add($"{id}: {changed.From} -> {changed.To} by {changed.Trigger} follows a transition that ended in {last} (version {changed.Conversation.Version})");
                    }

                    _lastState[id] = changed.To;
                    if (changed.From == ConversationState.Queued && _queued.Remove(id, out var taken)
                        && changed.Trigger == ConversationTrigger.Take && changed.Actor == Actor.System)
                    {
                        foreach (var (other, waiting) in _queued)
                        {
                            if (waiting.Department == taken.Department && waiting.CompareTo(taken) < 0)
                            {
                                violations.Add($"order: routing assigned {id} ({taken}) while {other} ({waiting}) waited ahead of it in {taken.Department}");
                            }
                        }
                    }

                    break;
            }
        }
    }
}
