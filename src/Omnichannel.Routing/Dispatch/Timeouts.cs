using Microsoft.Extensions.Logging;
using NodaTime;
using Omnichannel.Conversations;
using Omnichannel.Operations;

namespace Omnichannel.Routing.Dispatch;

/// <summary>
/// What routing does when time passes or an agent leaves: overflow to the fallback department, close after the queue
/// limit, re-route a conversation left unanswered, return the conversations of an agent who went Offline. Every action
/// re-checks the store (or the current queue entry) when it runs, so a stale timer does nothing; each runs in a
/// dispatcher pass, and its result comes back to the view as events.
/// </summary>
/// <remarks>Thread-safe: state is read under the <see cref="StoreView"/> lock; actions run in the dispatcher's pass.</remarks>
internal sealed partial class Timeouts(
    StoreView view,
    IConversationService conversations,
    IConversationStore store,
    RoutingTimers timers,
    DispatchWork work,
    IClock clock,
    RoutingOptions options,
    ILogger logger)
{
    private static readonly ConversationState[] TakenOnly = [ConversationState.Taken];

    /// <summary>
    /// Applies the result of a write the router made itself to its view (set at composition), so the view never depends on
    /// that write's event arriving.
    /// </summary>
    public Func<Conversation, CancellationToken, ValueTask>? Written { get; set; }

    /// <summary>Schedules the queue timeouts of a new entry; they are cancelled with it (<see cref="Cancel"/>).</summary>
    public void OnQueued(QueueEntry entry, DepartmentRouting routing)
    {
        if (options.OverflowAfter is { } overflow && routing.Department.FallbackDepartmentId is { } fallback)
        {
            ScheduleOverflow(entry, overflow, fallback);
        }

        if (options.CloseQueuedAfter is { } limit)
        {
            ScheduleQueueLimit(entry, limit);
        }
    }

    // The lambdas below live in their own methods so that their closures are built only when a timer is scheduled, not on
    // every call (a closure over a parameter is allocated when the method starts).
    private void ScheduleOverflow(QueueEntry entry, Duration overflow, DepartmentId fallback) =>
        entry.Timers.Add(timers.Schedule(entry.QueuedAt + overflow, ct => WhileStillWaitingAsync(entry, (id, c) => conversations.MoveToDepartmentAsync(id, fallback, c), ct)));

    private void ScheduleQueueLimit(QueueEntry entry, Duration limit) =>
        entry.Timers.Add(timers.Schedule(entry.QueuedAt + limit, ct => WhileStillWaitingAsync(entry, (id, c) =>
            conversations.CloseAsync(id, Actor.System, new CloseRequest { Comment = $"Closed after waiting {limit} in the queue." }, c), ct)));

    /// <summary>The entry left the queue: its timers are not needed any more.</summary>
    public static void Cancel(QueueEntry entry)
    {
        if (!entry.HasTimers)
        {
            return;
        }

        foreach (var timer in entry.Timers)
        {
            timer.Dispose();
        }

        entry.Timers.Clear();
    }

    /// <summary>A conversation was taken at <paramref name="takenAt"/>: check later that the agent answered.</summary>
    public void OnTaken(ConversationId conversation, AgentId agent, Instant takenAt)
    {
        if (options.RerouteUnansweredAfter is { } wait)
        {
            ScheduleUnansweredCheck(conversation, agent, takenAt, wait);
        }
    }

    private void ScheduleUnansweredCheck(ConversationId conversation, AgentId agent, Instant takenAt, Duration wait) =>
        timers.Schedule(takenAt + wait, ct => RerouteIfUnansweredAsync(conversation, agent, takenAt, ct));

    /// <summary>Drains the department when an exclusion lapses, so a conversation waiting only for that agent gets them.</summary>
    public void WakeAt(Instant at, DepartmentId department) =>
        timers.Schedule(at, _ =>
        {
            work.Drain(department);
            return ValueTask.CompletedTask;
        });

    /// <summary>An agent went Offline: their taken conversations go back to the queue (on-hold ones stay on hold).</summary>
    public async ValueTask RerouteConversationsOfAsync(AgentId agent, CancellationToken cancellationToken)
    {
        var taken = await store.QueryAsync(new ConversationQuery { ServingAgentId = agent, States = TakenOnly }, cancellationToken).ConfigureAwait(false);
        foreach (var conversation in taken)
        {
            await ReturnToQueueAsync(conversation.Id, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>A take was stored just as its agent went Offline (the offline re-route's query missed it): back to the queue.</summary>
    public async ValueTask ReturnStrandedAsync(ConversationId conversation, AgentId agent, CancellationToken cancellationToken)
    {
        if (await store.GetAsync(conversation, cancellationToken).ConfigureAwait(false) is { State: ConversationState.Taken } current && current.ServingAgentId == agent)
        {
            await ReturnToQueueAsync(conversation, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Runs <paramref name="action"/> if the entry still waits in its queue (not taken, moved or offered meanwhile).</summary>
    private async ValueTask WhileStillWaitingAsync(QueueEntry entry, Func<ConversationId, CancellationToken, ValueTask<OperationResult<Conversation>>> action, CancellationToken cancellationToken)
    {
        lock (view.Sync)
        {
            if (!entry.IsCurrent || !entry.Waiting)
            {
                return;
            }
        }

        await SettleAsync(entry.Id, await action(entry.Id, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Re-queues a conversation its agent has not answered since taking it; that agent is passed over for it for a while.</summary>
    private async ValueTask RerouteIfUnansweredAsync(ConversationId id, AgentId agent, Instant takenAt, CancellationToken cancellationToken)
    {
        var conversation = await store.GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (conversation is not { State: ConversationState.Taken } || conversation.ServingAgentId != agent
            || await HasAnsweredSinceAsync(conversation, agent, takenAt, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        var now = clock.GetCurrentInstant();
        var until = now + options.RetryExcludedAgentAfter;
        lock (view.Sync)
        {
            view.Queues.Exclude(id, new Exclusion(agent, now, until, ExclusionReason.Unanswered));
        }

        WakeAt(until, conversation.DepartmentId);
        await ReturnToQueueAsync(id, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Whether <paramref name="agent"/> wrote since <paramref name="since"/>: reads back only the messages sent since then.</summary>
    private async ValueTask<bool> HasAnsweredSinceAsync(Conversation conversation, AgentId agent, Instant since, CancellationToken cancellationToken)
    {
        await foreach (var message in store.ReadBackwardsAsync(conversation, cancellationToken).ConfigureAwait(false))
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

    private async ValueTask ReturnToQueueAsync(ConversationId id, CancellationToken cancellationToken) =>
        await SettleAsync(id, await conversations.ReturnToQueueAsync(id, Actor.System, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);

    private async ValueTask SettleAsync(ConversationId id, OperationResult<Conversation> result, CancellationToken cancellationToken)
    {
        if (!result.Succeeded)
        {
            LogTimeoutActionFailed(logger, id, result.Error.Message);
        }
        else
        {
            if (Written is { } written)
            {
                await written(result.Value, cancellationToken).ConfigureAwait(false);
            }

            // The router queued this conversation itself (an Offline agent's, an unanswered one, an overflow): the loads the
            // view holds in its department were last verified when its queue may have been empty, so a reconciliation
            // skipped them. Verify them now, or an agent freed by another process would wait for the next reconciliation.
            if (result.Value.State == ConversationState.Queued)
            {
                work.Reread(result.Value.DepartmentId);
            }
        }
    }

    [LoggerMessage(1204, LogLevel.Information, "A routing timeout's action on conversation {ConversationId} was refused: {Reason}")]
    private static partial void LogTimeoutActionFailed(ILogger logger, ConversationId conversationId, string reason);
}
