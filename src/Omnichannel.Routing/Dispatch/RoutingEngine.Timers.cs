using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using NodaTime;
using Omnichannel.Conversations;
using Omnichannel.Operations;
using Omnichannel.Routing.Events;
using Omnichannel.Routing.Queues;
using Omnichannel.Storage;

namespace Omnichannel.Routing.Dispatch;

/// <summary>
/// Timeouts (overflow, unanswered, queue limit), re-routing of an agent who went offline, and queue positions.
/// Every timer re-checks the stored conversation when it fires, so a stale timer does nothing.
/// </summary>
internal sealed partial class RoutingEngine
{
    private static readonly ConversationState[] TakenOnly = [ConversationState.Taken];

    private void ScheduleQueueTimeouts(QueueEntry entry, DepartmentRouting routing)
    {
        if (_options.OverflowAfter is { } overflow && routing.Department.FallbackDepartmentId is { } fallback)
        {
            scheduler.Schedule(entry.QueuedAt + overflow, ct => WhileStillQueuedAsync(entry, (id, c) => conversations.MoveToDepartmentAsync(id, fallback, c), ct));
        }

        if (_options.CloseQueuedAfter is { } limit)
        {
            scheduler.Schedule(entry.QueuedAt + limit, ct => WhileStillQueuedAsync(entry, (id, c) =>
                conversations.CloseAsync(id, Actor.System, new CloseRequest { Comment = $"Closed after waiting {limit} in the queue." }, c), ct));
        }
    }

    /// <summary>Runs <paramref name="action"/> if the entry still waits in its queue (not taken, moved or offered).</summary>
    private async ValueTask WhileStillQueuedAsync(QueueEntry entry, Func<ConversationId, CancellationToken, ValueTask<OperationResult<Conversation>>> action, CancellationToken cancellationToken)
    {
        lock (_sync)
        {
            if (!_entries.TryGetValue(entry.Id, out var current) || !ReferenceEquals(current, entry)
                || !_departments.TryGetValue(entry.DepartmentId, out var routing) || !routing.Queue.Contains(entry))
            {
                return;
            }
        }

        var result = await action(entry.Id, cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            LogTimeoutActionFailed(logger, entry.Id, result.Error.Message);
        }
    }

    private void ScheduleUnansweredCheck(Conversation conversation, AgentId agent, Instant takenAt)
    {
        if (_options.RerouteUnansweredAfter is { } wait)
        {
            scheduler.Schedule(takenAt + wait, ct => RerouteIfUnansweredAsync(conversation.Id, agent, takenAt, ct));
        }
    }

    /// <summary>Whether <paramref name="agent"/> wrote since <paramref name="since"/>: reads back only the messages sent since then.</summary>
    private async ValueTask<bool> HasAnsweredSinceAsync(Conversation conversation, AgentId agent, Instant since, CancellationToken cancellationToken)
    {
        await foreach (var message in conversationStore.ReadBackwardsAsync(conversation, cancellationToken).ConfigureAwait(false))
        {
            if (message.SentAt < since)
            {
                return false;
            }

            if (message.AuthorKind == AuthorKind.Agent && message.AuthorId == agent.Value)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Re-queues a conversation its agent has not answered since taking it, and never routes it back to them.</summary>
    private async ValueTask RerouteIfUnansweredAsync(ConversationId id, AgentId agent, Instant takenAt, CancellationToken cancellationToken)
    {
        var conversation = await conversationStore.GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (conversation is not { State: ConversationState.Taken } || conversation.ServingAgentId != agent
            || await HasAnsweredSinceAsync(conversation, agent, takenAt, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        lock (_sync)
        {
            if (!_exclusions.TryGetValue(id, out var excluded))
            {
                _exclusions[id] = excluded = [];
            }

            excluded.Add(agent);
        }

        var result = await conversations.ReturnToQueueAsync(id, Actor.System, cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            LogTimeoutActionFailed(logger, id, result.Error.Message);
        }
    }

    private async ValueTask RerouteConversationsOfAsync(AgentId agent, CancellationToken cancellationToken)
    {
        var taken = await conversationStore.QueryAsync(new Storage.ConversationQuery { ServingAgentId = agent, States = TakenOnly }, cancellationToken).ConfigureAwait(false);
        foreach (var conversation in taken)
        {
            var result = await conversations.ReturnToQueueAsync(conversation.Id, Actor.System, cancellationToken).ConfigureAwait(false);
            if (!result.Succeeded)
            {
                LogTimeoutActionFailed(logger, conversation.Id, result.Error.Message);
            }
        }
    }

    public async ValueTask<IReadOnlyList<QueuePosition>> GetQueueAsync(DepartmentId department, CancellationToken cancellationToken = default)
    {
        await StartAsync(cancellationToken).ConfigureAwait(false);
        lock (_sync)
        {
            return _departments.TryGetValue(department, out var routing) ? PositionsLocked(routing) : [];
        }
    }

    /// <summary>Schedules one batched <see cref="QueuePositionsChanged"/> for the department, unless one is already due.</summary>
    private void MarkPositionsChanged(DepartmentRouting routing)
    {
        if (routing.PositionsFlushScheduled || !HasHostPublishers())
        {
            return;
        }

        routing.PositionsFlushScheduled = true;
        scheduler.Schedule(clock.GetCurrentInstant() + _options.QueuePositionInterval, async ct =>
        {
            ImmutableArray<QueuePosition> positions;
            lock (_sync)
            {
                routing.PositionsFlushScheduled = false;
                positions = PositionsLocked(routing);
            }

            await PublishAsync(new QueuePositionsChanged(clock.GetCurrentInstant(), routing.Id, positions), ct).ConfigureAwait(false);
        });
    }

    /// <summary>
    /// Positions in queue order, and estimated waits: position x mean handle time / serving slots, where the
    /// slots are the available members' capacities (their limit, else the department's, else 1 each).
    /// </summary>
    private ImmutableArray<QueuePosition> PositionsLocked(DepartmentRouting routing)
    {
        var slots = 0L;
        foreach (var id in routing.AvailableMembers)
        {
            var limit = _agents.TryGetValue(id, out var agent) ? agent.Agent.MaxSimultaneousConversations : 0;
            var department = routing.Department.MaxChatsPerAgent;
            slots += limit > 0 && department > 0 ? Math.Min(limit, department) : Math.Max(Math.Max(limit, department), 1);
        }

        var handle = routing.MeanHandleTime;
        var builder = ImmutableArray.CreateBuilder<QueuePosition>(routing.Queue.Count);
        var position = 0;
        foreach (var entry in routing.Queue)
        {
            position++;
            builder.Add(new QueuePosition(entry.Id, position, Duration.FromTicks(handle.BclCompatibleTicks * position / Math.Max(1, slots))));
        }

        return builder.MoveToImmutable();
    }

    [LoggerMessage(1204, LogLevel.Information, "A routing timeout's action on conversation {ConversationId} was refused: {Reason}")]
    private static partial void LogTimeoutActionFailed(ILogger logger, ConversationId conversationId, string reason);
}
