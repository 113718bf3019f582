using System.Collections.Immutable;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NodaTime;
using Omnichannel.Agents;
using Omnichannel.Conversations;
using Omnichannel.DependencyInjection;
using Omnichannel.Departments;
using Omnichannel.Notifications;
using Omnichannel.Operations;
using Omnichannel.Routing.Algorithms;
using Omnichannel.Routing.DependencyInjection;
using Omnichannel.Routing.Scheduling;
using Omnichannel.Storage;

namespace Omnichannel.Routing.Dispatch;

/// <summary>
/// The router. It keeps, in memory, every agent's load and each department's eligible agents (indexed per
/// routing order) and queue, updated from domain events; decisions read only that state, under one lock.
/// Assignments go through <see cref="IConversationService.AssignAsync"/>, whose store write checks capacity
/// atomically, so a stale view (another process, a race) can only make an assignment fail and be retried,
/// never over-assign.
/// </summary>
/// <remarks>Thread-safe: state changes under <see cref="_sync"/>; dispatch passes are serialized (see RoutingEngine.Dispatch.cs).</remarks>
internal sealed partial class RoutingEngine(
    IConversationService conversations,
    IConversationStore conversationStore,
    IAgentStore agentStore,
    IDepartmentStore departmentStore,
    IContactStore contactStore,
    IClock clock,
    IScheduler scheduler,
    RoutingAlgorithmSelection algorithms,
    IOptions<RoutingOptions> options,
    IOptions<OmnichannelOptions> coreOptions,
    IServiceProvider services,
    ILogger<RoutingEngine> logger) : IRoutingService, IDisposable
{
    private static readonly ConversationState[] ServedStates = [ConversationState.Taken, ConversationState.Forwarded, ConversationState.OnHold];
    private static readonly ConversationState[] QueuedStates = [ConversationState.Queued];

    private readonly Lock _sync = new();
    private readonly RoutingOptions _options = options.Value;
    private readonly bool _countOnHold = coreOptions.Value.CountOnHoldTowardCapacity;
    private readonly Dictionary<AgentId, RoutedAgent> _agents = [];
    private readonly Dictionary<DepartmentId, DepartmentRouting> _departments = [];
    private readonly HashSet<DepartmentId> _wantPreferredAgents = [];
    private readonly Dictionary<ConversationId, Served> _served = [];
    private readonly Dictionary<ConversationId, QueueEntry> _entries = [];
    private readonly Dictionary<ConversationId, HashSet<AgentId>> _exclusions = [];
    private readonly ConversationVersions _versions = new();
    private readonly SemaphoreSlim _startLock = new(1, 1);
    private IDomainEventPublisher[]? _publishers;
    private long _sequence;
    private volatile bool _started;

    public void Dispose() => _startLock.Dispose();

    public async ValueTask StartAsync(CancellationToken cancellationToken = default)
    {
        if (_started)
        {
            return;
        }

        await _startLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_started)
            {
                return;
            }

            var departments = await departmentStore.ListAsync(cancellationToken).ConfigureAwait(false);
            foreach (var department in departments)
            {
                UpsertDepartment(department);
                foreach (var agent in await agentStore.ListByDepartmentAsync(department.Id, cancellationToken).ConfigureAwait(false))
                {
                    UpsertAgent(agent, agent.Status);
                }
            }

            foreach (var agent in SnapshotAgentIds())
            {
                var served = await conversationStore.QueryAsync(new ConversationQuery { ServingAgentId = agent, States = ServedStates }, cancellationToken).ConfigureAwait(false);
                lock (_sync)
                {
                    foreach (var conversation in served)
                    {
                        if (_versions.TryApply(conversation))
                        {
                            ApplyServed(conversation);
                        }
                    }
                }
            }

            foreach (var department in departments)
            {
                foreach (var queued in await conversationStore.QueryAsync(new ConversationQuery { DepartmentId = department.Id, States = QueuedStates }, cancellationToken).ConfigureAwait(false))
                {
                    await EnqueueAsync(queued, cancellationToken).ConfigureAwait(false);
                }
            }

            _started = true;
        }
        finally
        {
            _startLock.Release();
        }

        await RequestDispatchAsync(SnapshotDepartmentIds(), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reacts to one domain event: keeps loads and queues current and dispatches where capacity or work appeared.</summary>
    public async ValueTask OnEventAsync(DomainEvent domainEvent, CancellationToken cancellationToken)
    {
        switch (domainEvent)
        {
            case ConversationQueued queued:
                await StartAsync(cancellationToken).ConfigureAwait(false);
                await EnqueueAsync(queued.Conversation, cancellationToken).ConfigureAwait(false);
                await RequestDispatchAsync([queued.Conversation.DepartmentId], cancellationToken).ConfigureAwait(false);
                break;
            case ConversationStateChanged changed:
                await StartAsync(cancellationToken).ConfigureAwait(false);
                await OnStateChangedAsync(changed, cancellationToken).ConfigureAwait(false);
                break;
            case AgentStatusChanged status:
                await StartAsync(cancellationToken).ConfigureAwait(false);
                await OnAgentChangedAsync(status.Agent, status.Previous, cancellationToken).ConfigureAwait(false);
                break;
            case AgentUpdated updated:
                await StartAsync(cancellationToken).ConfigureAwait(false);
                await OnAgentChangedAsync(updated.Agent, updated.Previous?.Status ?? updated.Agent.Status, cancellationToken).ConfigureAwait(false);
                break;
            case RoomInformationChanged { Conversation: { State: ConversationState.Queued } edited }:
                await StartAsync(cancellationToken).ConfigureAwait(false);
                if (Reprioritize(edited))
                {
                    await RequestDispatchAsync([edited.DepartmentId], cancellationToken).ConfigureAwait(false);
                }

                break;
            case DepartmentChanged department:
                await StartAsync(cancellationToken).ConfigureAwait(false);
                UpsertDepartment(department.Department);
                await RequestDispatchAsync([department.Department.Id], cancellationToken).ConfigureAwait(false);
                break;
        }
    }

    private async ValueTask OnStateChangedAsync(ConversationStateChanged changed, CancellationToken cancellationToken)
    {
        var conversation = changed.Conversation;
        ImmutableHashSet<DepartmentId>? freed;
        var stranded = false;
        lock (_sync)
        {
            if (!_versions.TryApply(conversation))
            {
                return; // a newer change of this conversation was applied already
            }

            // A take also moves the agent's routing time: change both before the agent re-enters the indexes, once.
            var taker = conversation.State == ConversationState.Taken
                && changed.Trigger is Lifecycle.ConversationTrigger.Take or Lifecycle.ConversationTrigger.CompleteForwardToAgent
                && conversation.ServingAgentId is { } takerId && _agents.TryGetValue(takerId, out var found) ? found : null;
            if (taker is not null)
            {
                Detach(taker);
                taker.LastRoutedAt = changed.OccurredAt;
            }

            freed = ApplyServed(conversation);
            if (taker is not null)
            {
                Attach(taker);
            }

            if (conversation.State != ConversationState.Queued && _entries.Remove(conversation.Id, out var entry))
            {
                RemoveFromQueue(entry);
                WithdrawOfferLocked(conversation.Id);
            }

            if (conversation.State == ConversationState.Taken && conversation.ServingAgentId is { } serving)
            {
                ScheduleUnansweredCheck(conversation, serving, changed.OccurredAt);
                // Taken by an agent who went Offline meanwhile (a take checks the status before its write): the offline re-route's query may have missed it.
                stranded = _options.RerouteWhenAgentGoesOffline && _agents.TryGetValue(serving, out var holder) && holder.Agent.Status == AgentStatus.Offline;
            }

            if (conversation.State == ConversationState.Closed)
            {
                _exclusions.Remove(conversation.Id);
                if (conversation is { FirstTakenAt: { } taken, ClosedAt: { } closed } && _departments.TryGetValue(conversation.DepartmentId, out var department))
                {
                    department.RecordHandleTime(closed - taken);
                }

                if (conversation.ServingAgentId is { } closer && _agents.TryGetValue(closer, out var finished))
                {
                    Update(finished, changed.OccurredAt, static (a, at) => a.IdleSince = at > a.IdleSince ? at : a.IdleSince);
                }
            }
        }

        if (stranded)
        {
            var result = await conversations.ReturnToQueueAsync(conversation.Id, Actor.System, cancellationToken).ConfigureAwait(false);
            if (!result.Succeeded)
            {
                LogTimeoutActionFailed(logger, conversation.Id, result.Error.Message);
            }
        }

        if (freed is not null)
        {
            await RequestDispatchAsync(freed, cancellationToken).ConfigureAwait(false);
        }
    }

    private async ValueTask OnAgentChangedAsync(Agent agent, AgentStatus previousStatus, CancellationToken cancellationToken)
    {
        if (UpsertAgent(agent, previousStatus) is not { } departments)
        {
            return; // a newer version of the agent was applied already
        }

        if (agent.Status == AgentStatus.Offline && previousStatus != AgentStatus.Offline && _options.RerouteWhenAgentGoesOffline)
        {
            await RerouteConversationsOfAsync(agent.Id, cancellationToken).ConfigureAwait(false);
        }

        await RequestDispatchAsync(departments, cancellationToken).ConfigureAwait(false);
    }

    private void UpsertDepartment(Department department)
    {
        lock (_sync)
        {
            if (_departments.TryGetValue(department.Id, out var known))
            {
                var members = known.Pool.Members.Concat(_agents.Values.Where(a => a.Agent.Departments.Contains(department.Id))).Distinct().ToList();
                foreach (var agent in members)
                {
                    Detach(agent);
                }

                known.Department = department;
                foreach (var agent in members)
                {
                    Attach(agent);
                }

                return;
            }

            var (algorithm, wantsPreferred) = algorithms.Create(department.Id, services);
            var routing = new DepartmentRouting(department, algorithm, _options.DefaultHandleTime);
            _departments[department.Id] = routing;
            if (wantsPreferred)
            {
                _wantPreferredAgents.Add(department.Id);
            }

            foreach (var agent in _agents.Values.Where(a => a.Agent.Departments.Contains(department.Id)))
            {
                Detach(agent);
                Rebind(agent);
                Attach(agent);
            }
        }
    }

    /// <summary>
    /// Stores the new version of an agent; returns every department whose eligible agents may have changed, or null
    /// when a newer version was applied already (status events of one agent can arrive out of order).
    /// </summary>
    private ImmutableHashSet<DepartmentId>? UpsertAgent(Agent agent, AgentStatus previousStatus)
    {
        lock (_sync)
        {
            if (!_agents.TryGetValue(agent.Id, out var routed))
            {
                routed = new RoutedAgent(agent) { LastRoutedAt = agent.StatusChangedAt, IdleSince = agent.StatusChangedAt };
                _agents[agent.Id] = routed;
                foreach (var (conversation, served) in _served)
                {
                    if (served.AgentId == agent.Id)
                    {
                        Count(routed, served, +1);
                    }
                }

                Rebind(routed);
                Attach(routed);
                return agent.Departments;
            }

            if (routed.Agent.Version > agent.Version)
            {
                return null;
            }

            var before = routed.Agent.Departments;
            Detach(routed);
            routed.Agent = agent;
            Rebind(routed);
            if (agent.Status == AgentStatus.Available && previousStatus != AgentStatus.Available && agent.StatusChangedAt > routed.IdleSince)
            {
                routed.IdleSince = agent.StatusChangedAt;
            }

            Attach(routed);
            return before.Union(agent.Departments);
        }
    }

    /// <summary>
    /// Brings an agent's counts in line with a conversation as stored; returns the departments to dispatch when
    /// capacity was freed (null when none).
    /// </summary>
    private ImmutableHashSet<DepartmentId>? ApplyServed(Conversation conversation)
    {
        Served? now = conversation.IsOpen && conversation.ServingAgentId is { } serving && conversation.State is ConversationState.Taken or ConversationState.Forwarded or ConversationState.OnHold
            ? new Served(serving, conversation.DepartmentId, conversation.State, conversation.Channel)
            : null;
        var had = _served.TryGetValue(conversation.Id, out var before);
        if (had && now == before)
        {
            return null;
        }

        ImmutableHashSet<DepartmentId>? freed = null;
        if (had)
        {
            _served.Remove(conversation.Id);
            if (_agents.TryGetValue(before.AgentId, out var previous))
            {
                Detach(previous);
                Count(previous, before, -1);
                Attach(previous);
                freed = previous.Agent.Departments;
            }
        }

        if (now is { } served)
        {
            _served[conversation.Id] = served;
            if (_agents.TryGetValue(served.AgentId, out var agent))
            {
                Detach(agent);
                Count(agent, served, +1);
                Attach(agent);
            }
        }

        return freed;
    }

    private void Count(RoutedAgent agent, Served served, int sign)
    {
        if (served.State == ConversationState.OnHold)
        {
            agent.OnHoldConversations += sign;
        }
        else
        {
            agent.ActiveConversations += sign;
        }

        if (served.State != ConversationState.OnHold || _countOnHold)
        {
            agent.CountedByDepartment[served.DepartmentId] = agent.CountedByDepartment.GetValueOrDefault(served.DepartmentId) + sign;
            agent.CountedByChannel[served.Channel] = agent.CountedByChannel.GetValueOrDefault(served.Channel) + sign;
        }
    }

    /// <summary>True when the agent has no limit for <paramref name="channel"/>, or is under it.</summary>
    private static bool HasChannelRoom(RoutedAgent agent, string channel) =>
        !agent.Agent.ChannelCapacity.TryGetValue(channel, out var limit) || limit <= 0 || agent.CountedByChannel.GetValueOrDefault(channel) < limit;

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
            if (HasRoom(agent, routing.Department))
            {
                routing.Pool.Add(agent);
            }
        }
    }

    /// <summary>Recomputes which known departments the agent belongs to and where it counts as an available member.</summary>
    private void Rebind(RoutedAgent agent)
    {
        foreach (var routing in agent.Routings)
        {
            routing.AvailableMembers.Remove(agent.Id);
        }

        agent.Routings = [.. agent.Agent.Departments.Select(d => _departments.GetValueOrDefault(d)).OfType<DepartmentRouting>()];
        if (IsRoutable(agent.Agent))
        {
            foreach (var routing in agent.Routings)
            {
                routing.AvailableMembers.Add(agent.Id);
            }
        }
    }

    private void Update<TState>(RoutedAgent agent, TState state, Action<RoutedAgent, TState> change)
    {
        Detach(agent);
        change(agent, state);
        Attach(agent);
    }

    private static bool IsRoutable(Agent agent) =>
        agent.Status == AgentStatus.Available && agent.IsOmnichannelAgent && agent.Has(AgentPermissions.TakeConversation);

    private bool HasRoom(RoutedAgent agent, Department department)
    {
        var limit = agent.Agent.MaxSimultaneousConversations;
        var counted = agent.ActiveConversations + (_countOnHold ? agent.OnHoldConversations : 0) + agent.ReservedConversations;
        return (limit <= 0 || counted < limit)
            && (department.MaxChatsPerAgent <= 0 || agent.CountedByDepartment.GetValueOrDefault(department.Id) < department.MaxChatsPerAgent);
    }

    private List<AgentId> SnapshotAgentIds()
    {
        lock (_sync)
        {
            return [.. _agents.Keys];
        }
    }

    private List<DepartmentId> SnapshotDepartmentIds()
    {
        lock (_sync)
        {
            return [.. _departments.Keys.OrderBy(d => d.Value, StringComparer.Ordinal)];
        }
    }

    /// <summary>Publishes the router's own events to every other publisher (the host's screens).</summary>
    private async ValueTask PublishAsync(DomainEvent domainEvent, CancellationToken cancellationToken)
    {
        _publishers ??= services.GetServices<IDomainEventPublisher>().Where(p => p is not RoutingEventSubscriber).ToArray();
        foreach (var publisher in _publishers)
        {
            try
            {
                await publisher.PublishAsync(domainEvent, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogPublisherFailed(logger, exception, publisher.GetType().Name, domainEvent.GetType().Name);
            }
        }
    }

    private bool HasHostPublishers()
    {
        _publishers ??= services.GetServices<IDomainEventPublisher>().Where(p => p is not RoutingEventSubscriber).ToArray();
        return _publishers.Length > 0;
    }

    [LoggerMessage(1201, LogLevel.Error, "Publisher {Publisher} failed on routing event {EventType}.")]
    private static partial void LogPublisherFailed(ILogger logger, Exception exception, string publisher, string eventType);
}
