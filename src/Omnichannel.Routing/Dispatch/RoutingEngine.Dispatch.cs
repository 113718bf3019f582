using Microsoft.Extensions.Logging;
using Omnichannel.Conversations;
using Omnichannel.Operations;
using Omnichannel.Routing.Algorithms;
using Omnichannel.Routing.Events;

namespace Omnichannel.Routing.Dispatch;

/// <summary>
/// Dispatch: one pass at a time drains the departments marked dirty. Whoever marks a department while no pass
/// runs starts one on its own thread; events raised during a pass (including by its own assignments) only mark
/// departments, which the running pass then drains. So every trigger is served at once and never twice in parallel.
/// </summary>
internal sealed partial class RoutingEngine
{
    /// <summary>How many assignments in a row may fail in one department before the pass moves on (a misbehaving store cannot loop it).</summary>
    private const int MaxConsecutiveFailures = 3;

    private readonly Queue<DepartmentId> _dirty = new();
    private readonly HashSet<DepartmentId> _dirtySet = [];
    private bool _dispatching;
    private TaskCompletionSource? _idle;

    public async ValueTask DispatchAsync(CancellationToken cancellationToken = default)
    {
        await StartAsync(cancellationToken).ConfigureAwait(false);
        await RequestDispatchAsync(SnapshotDepartmentIds(), cancellationToken).ConfigureAwait(false);
        Task? idle;
        lock (_sync)
        {
            idle = _dispatching ? (_idle ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task : null;
        }

        if (idle is not null)
        {
            await idle.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async ValueTask RequestDispatchAsync(IEnumerable<DepartmentId> departments, CancellationToken cancellationToken)
    {
        // An agent's departments are a hash set, whose order differs between processes: taken in id order, the
        // department that freed capacity serves first (and so every assignment) is the same in every run.
        var ordered = departments is System.Collections.Immutable.ImmutableHashSet<DepartmentId> { Count: > 1 } set
            ? set.OrderBy(static d => d.Value, StringComparer.Ordinal)
            : departments;
        lock (_sync)
        {
            foreach (var department in ordered)
            {
                if (_dirtySet.Add(department))
                {
                    _dirty.Enqueue(department);
                }
            }

            if (_dispatching || _dirty.Count == 0)
            {
                return;
            }

            _dispatching = true;
        }

        try
        {
            while (true)
            {
                DepartmentRouting? routing;
                lock (_sync)
                {
                    if (!_dirty.TryDequeue(out var next))
                    {
                        EndDispatchLocked();
                        return;
                    }

                    _dirtySet.Remove(next);
                    routing = _departments.GetValueOrDefault(next);
                }

                if (routing is not null)
                {
                    await DrainAsync(routing, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch
        {
            lock (_sync)
            {
                EndDispatchLocked();
            }

            throw;
        }
    }

    private void EndDispatchLocked()
    {
        _dispatching = false;
        _idle?.TrySetResult();
        _idle = null;
    }

    /// <summary>Assigns queued conversations of one department, highest priority and oldest first, while agents have room.</summary>
    private async ValueTask DrainAsync(DepartmentRouting routing, CancellationToken cancellationToken)
    {
        var failures = 0;
        while (failures < MaxConsecutiveFailures)
        {
            QueueEntry? entry;
            RoutedAgent? agent;
            lock (_sync)
            {
                (entry, agent) = routing.AsyncAlgorithm is null ? ChooseLocked(routing) : (PeekLocked(routing), null);
            }

            if (entry is null)
            {
                return;
            }

            if (agent is null)
            {
                // An algorithm with I/O: ask outside the lock, then check the answer is still eligible.
                agent = await ChooseWithIoAsync(routing, entry, cancellationToken).ConfigureAwait(false);
                if (agent is null)
                {
                    return;
                }
            }

            if (_options.OfferMode)
            {
                await OfferAsync(entry, agent, cancellationToken).ConfigureAwait(false);
                continue;
            }

            var assigned = await AssignReservedAsync(entry, agent, cancellationToken).ConfigureAwait(false);
            failures = assigned ? 0 : failures + 1;
        }

        LogGaveUp(logger, routing.Id, MaxConsecutiveFailures);
    }

    /// <summary>Assigns a reserved entry through the conversation service; returns false when it failed and was re-queued.</summary>
    private async ValueTask<bool> AssignReservedAsync(QueueEntry entry, RoutedAgent agent, CancellationToken cancellationToken)
    {
        OperationResult<Conversation> result;
        try
        {
            result = await conversations.AssignAsync(entry.Id, agent.Id, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            lock (_sync)
            {
                Release(agent, entry);
                Requeue(entry);
            }

            throw;
        }

        lock (_sync)
        {
            Release(agent, entry);
            if (result.Succeeded)
            {
                // The Take event, published while AssignAsync ran, already counted the load and the routing time.
                SettleAssignedLocked(entry, result.Value);
                return true;
            }
        }

        await SettleFailedAssignmentAsync(entry, agent.Id, result.Error, cancellationToken).ConfigureAwait(false);
        return false;
    }

    /// <summary>
    /// After a successful assignment: the entry is done, unless the conversation came back to the same queue while the
    /// assignment ran (another thread returned it; its queued event, at the same queued time, found this entry in
    /// flight and kept it), in which case the entry goes back to its place.
    /// </summary>
    private void SettleAssignedLocked(QueueEntry entry, Conversation assigned)
    {
        if (!_entries.TryGetValue(entry.Id, out var current) || !ReferenceEquals(current, entry))
        {
            return;
        }

        if (_versions.HasNewerThan(assigned))
        {
            Requeue(entry);
        }
        else
        {
            _entries.Remove(entry.Id);
        }
    }

    /// <summary>
    /// After the store refused an assignment (the reservation already released): when the agent was the reason, reads
    /// the agent again and re-queues the entry; when the conversation was (taken, closed or moved meanwhile, or its
    /// queued event arrived after it left the queue), follows the stored conversation, so a stale entry is dropped
    /// instead of blocking the head of the queue.
    /// </summary>
    private async ValueTask SettleFailedAssignmentAsync(QueueEntry entry, AgentId agent, OperationError error, CancellationToken cancellationToken)
    {
        LogAssignFailed(logger, entry.Id, agent, error.Message);
        if (error.Code is OperationErrorCode.AtCapacity or OperationErrorCode.AgentNotAvailable or OperationErrorCode.NotPermitted or OperationErrorCode.NotDepartmentMember)
        {
            lock (_sync)
            {
                Requeue(entry);
            }

            await RefreshAgentAsync(agent, cancellationToken).ConfigureAwait(false);
            return;
        }

        var stored = await conversationStore.GetAsync(entry.Id, cancellationToken).ConfigureAwait(false);
        lock (_sync)
        {
            if (stored is { State: ConversationState.Queued } && stored.DepartmentId == entry.DepartmentId)
            {
                Requeue(entry);
            }
            else if (_entries.TryGetValue(entry.Id, out var current) && ReferenceEquals(current, entry))
            {
                _entries.Remove(entry.Id);
            }
        }
    }

    /// <summary>
    /// The first queue entry some eligible agent can serve, and that agent, reserved. Stops at the first entry
    /// nobody can serve unless that entry has requirements of its own (skills, excluded agents), so later entries
    /// are never served while an earlier one could be.
    /// </summary>
    private (QueueEntry? Entry, RoutedAgent? Agent) ChooseLocked(DepartmentRouting routing)
    {
        if (routing.Queue.Count == 0 || routing.Pool.Count == 0 || routing.Algorithm is not { } algorithm)
        {
            return (null, null);
        }

        var head = routing.Queue.Min!;
        if (TryChoose(routing, algorithm, head, out var chosen, out var channelFull))
        {
            return (head, chosen);
        }

        if (!head.HasOwnRequirements && !channelFull)
        {
            return (null, null);
        }

        foreach (var entry in routing.Queue)
        {
            if (routing.Pool.Count == 0)
            {
                break;
            }

            if (!ReferenceEquals(entry, head) && TryChoose(routing, algorithm, entry, out chosen, out channelFull))
            {
                return (entry, chosen);
            }

            if (!ReferenceEquals(entry, head) && !entry.HasOwnRequirements && !channelFull)
            {
                break;
            }
        }

        return (null, null);
    }

    /// <summary>
    /// Asks the algorithm for an agent; one whose capacity for the entry's channel is used up is left out and the
    /// algorithm asked again (<paramref name="channelFull"/> then tells that later entries of other channels may fit).
    /// </summary>
    private bool TryChoose(DepartmentRouting routing, IRoutingAlgorithm algorithm, QueueEntry entry, out RoutedAgent? agent, out bool channelFull)
    {
        channelFull = false;
        HashSet<AgentId>? full = null;
        while (true)
        {
            var eligible = routing.Eligible.For(full ?? entry.Excluded);
            if (algorithm.SelectAgent(entry.Request, eligible) is not { } id || !eligible.TryGet(id, out agent))
            {
                agent = null;
                return false;
            }

            if (HasChannelRoom(agent, entry.Channel))
            {
                Reserve(agent, entry);
                return true;
            }

            channelFull = true;
            (full ??= new HashSet<AgentId>(entry.Excluded ?? [])).Add(id);
        }
    }

    private static QueueEntry? PeekLocked(DepartmentRouting routing) =>
        routing.Queue.Count == 0 || routing.Pool.Count == 0 ? null : routing.Queue.Min;

    private async ValueTask<RoutedAgent?> ChooseWithIoAsync(DepartmentRouting routing, QueueEntry entry, CancellationToken cancellationToken)
    {
        List<AgentId> candidates;
        lock (_sync)
        {
            var eligible = routing.Eligible.For(entry.Excluded);
            candidates = [.. routing.Pool.Members.Where(a => eligible.Contains(a.Id)).Select(a => a.Id).OrderBy(a => a.Value, StringComparer.Ordinal)];
        }

        var answer = await routing.AsyncAlgorithm!.SelectAgentAsync(entry.Request, candidates, cancellationToken).ConfigureAwait(false);
        lock (_sync)
        {
            if (!_entries.TryGetValue(entry.Id, out var current) || !ReferenceEquals(current, entry) || !routing.Queue.Contains(entry))
            {
                return null;
            }

            var eligible = routing.Eligible.For(entry.Excluded);
            var id = answer is { } chosen && eligible.Contains(chosen) ? chosen : routing.Algorithm?.SelectAgent(entry.Request, eligible);
            if (id is { } agentId && eligible.TryGet(agentId, out var agent))
            {
                Reserve(agent, entry);
                return agent;
            }

            return null;
        }
    }

    /// <summary>Takes the entry out of the queue (it is in flight) and counts it on the agent until the assignment resolves.</summary>
    private void Reserve(RoutedAgent agent, QueueEntry entry)
    {
        RemoveFromQueue(entry);
        Update(agent, entry, static (a, e) => CountReservation(a, e, +1));
    }

    private void Release(RoutedAgent agent, QueueEntry entry) =>
        Update(agent, entry, static (a, e) => CountReservation(a, e, -1));

    private static void CountReservation(RoutedAgent agent, QueueEntry entry, int sign)
    {
        agent.ReservedConversations += sign;
        agent.CountedByDepartment[entry.DepartmentId] = agent.CountedByDepartment.GetValueOrDefault(entry.DepartmentId) + sign;
        agent.CountedByChannel[entry.Channel] = agent.CountedByChannel.GetValueOrDefault(entry.Channel) + sign;
    }

    /// <summary>Puts an in-flight entry back in its place, unless the conversation left the queue meanwhile.</summary>
    private void Requeue(QueueEntry entry)
    {
        if (_entries.TryGetValue(entry.Id, out var current) && ReferenceEquals(current, entry) && _departments.TryGetValue(entry.DepartmentId, out var routing))
        {
            routing.Queue.Add(entry);
            MarkPositionsChanged(routing);
        }
    }

    private void RemoveFromQueue(QueueEntry entry)
    {
        if (_departments.TryGetValue(entry.DepartmentId, out var routing) && routing.Queue.Remove(entry))
        {
            MarkPositionsChanged(routing);
        }
    }

    /// <summary>
    /// Moves a queued conversation whose priority (or service level) was edited to its new place; the entry stays the
    /// same object, so its timers, exclusions and declines carry over. False when nothing moved.
    /// </summary>
    private bool Reprioritize(Conversation conversation)
    {
        var serviceLevel = _options.ServiceLevelDueAt?.Invoke(conversation);
        lock (_sync)
        {
            if (!_versions.TryApply(conversation))
            {
                return false;
            }

            // Only the entry of this very queuing: an event about an earlier queuing, or one arriving late, changes nothing.
            if (!_entries.TryGetValue(conversation.Id, out var entry) || entry.DepartmentId != conversation.DepartmentId || entry.QueuedAt != conversation.QueuedAt
                || !_departments.TryGetValue(entry.DepartmentId, out var routing)
                || (entry.Request.Priority == conversation.Priority && entry.ServiceLevelDueAt == (serviceLevel ?? NodaTime.Instant.MaxValue)))
            {
                return false;
            }

            // An entry in flight (being assigned or offered) is not in the sorted queue; it is re-queued in its new place if it comes back.
            var queued = routing.Queue.Remove(entry);
            entry.Reprioritize(conversation.Priority, serviceLevel);
            if (queued)
            {
                routing.Queue.Add(entry);
                MarkPositionsChanged(routing);
            }

            return queued;
        }
    }

    /// <summary>Adds a queued conversation (idempotent: the same queue entry seen twice is kept once).</summary>
    private async ValueTask EnqueueAsync(Conversation conversation, CancellationToken cancellationToken)
    {
        if (conversation.State != ConversationState.Queued)
        {
            return;
        }

        var preferred = await PreferredAgentsAsync(conversation, cancellationToken).ConfigureAwait(false);
        var skills = _options.RequiredSkills?.Invoke(conversation) ?? [];
        var serviceLevel = _options.ServiceLevelDueAt?.Invoke(conversation);
        lock (_sync)
        {
            if (!_versions.TryApply(conversation))
            {
                return; // it left the queue (or moved on) since: the event came late
            }

            if (_entries.TryGetValue(conversation.Id, out var known))
            {
                if (known.DepartmentId == conversation.DepartmentId && known.QueuedAt == conversation.QueuedAt)
                {
                    return;
                }

                _entries.Remove(conversation.Id);
                RemoveFromQueue(known);
                WithdrawOfferLocked(conversation.Id);
            }

            if (!_departments.TryGetValue(conversation.DepartmentId, out var routing))
            {
                return;
            }

            var entry = new QueueEntry(conversation, ++_sequence, serviceLevel, preferred, skills)
            {
                Excluded = _exclusions.GetValueOrDefault(conversation.Id),
            };
            _entries[conversation.Id] = entry;
            routing.Queue.Add(entry);
            MarkPositionsChanged(routing);
            ScheduleQueueTimeouts(entry, routing);
        }
    }

    /// <summary>The contact's manager, then the agent who last served the contact; only for departments that prefer them.</summary>
    private async ValueTask<System.Collections.Immutable.ImmutableArray<AgentId>> PreferredAgentsAsync(Conversation conversation, CancellationToken cancellationToken)
    {
        bool wanted;
        lock (_sync)
        {
            wanted = _wantPreferredAgents.Contains(conversation.DepartmentId);
        }

        if (!wanted)
        {
            return [];
        }

        var preferred = new List<AgentId>(2);
        if ((await contactStore.GetAsync(conversation.ContactId, cancellationToken).ConfigureAwait(false))?.ManagerId is { } manager)
        {
            preferred.Add(manager);
        }

        var lastServed = conversation.PreviousAgentId;
        if (lastServed is null)
        {
            var history = await conversationStore.QueryAsync(new Storage.ConversationQuery { ContactId = conversation.ContactId }, cancellationToken).ConfigureAwait(false);
            lastServed = history.LastOrDefault(c => c.Id != conversation.Id && (c.ServingAgentId ?? c.PreviousAgentId) is not null) is { } last
                ? last.ServingAgentId ?? last.PreviousAgentId
                : null;
        }

        if (lastServed is { } agent && !preferred.Contains(agent))
        {
            preferred.Add(agent);
        }

        return [.. preferred];
    }

    /// <summary>Reads an agent and their served conversations again after the store disagreed with the router's view.</summary>
    private async ValueTask RefreshAgentAsync(AgentId id, CancellationToken cancellationToken)
    {
        var agent = await agentStore.GetAsync(id, cancellationToken).ConfigureAwait(false);
        var served = await conversationStore.QueryAsync(new Storage.ConversationQuery { ServingAgentId = id, States = ServedStates }, cancellationToken).ConfigureAwait(false);
        lock (_sync)
        {
            foreach (var conversation in served)
            {
                if (_versions.TryApply(conversation))
                {
                    ApplyServed(conversation);
                }
            }

            if (agent is not null && _agents.TryGetValue(id, out var routed) && agent.Version >= routed.Agent.Version)
            {
                Update(routed, agent, static (a, stored) => a.Agent = stored);
            }
        }
    }

    [LoggerMessage(1202, LogLevel.Debug, "Assigning conversation {ConversationId} to agent {AgentId} failed: {Reason}")]
    private static partial void LogAssignFailed(ILogger logger, ConversationId conversationId, AgentId agentId, string reason);

    [LoggerMessage(1203, LogLevel.Warning, "Dispatch of department {DepartmentId} stopped after {Failures} failed assignments in a row; it resumes on the next event.")]
    private static partial void LogGaveUp(ILogger logger, DepartmentId departmentId, int failures);
}
