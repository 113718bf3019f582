using NodaTime;
using Omnichannel.Logging;

namespace Omnichannel.Conversations;

/// <summary>
/// Inactivity: a taken conversation whose contact stopped writing after the agent answered is closed as abandoned, and one
/// left on hold too long is closed, both by the system, through the scheduling port. Each check re-reads the conversation
/// when it fires, so a stale one does nothing; timers live in the process (a restart forgets them until the next answer or hold).
/// </summary>
internal sealed partial class ConversationService
{
    /// <summary>After a stored change: an agent's answer (or a take) starts the contact's inactivity clock; a hold starts the hold clock.</summary>
    private void ScheduleInactivityChecks(Conversation before, Conversation stored, ConversationChange change, Instant now)
    {
        if (_scheduler is null)
        {
            return;
        }

        if (_options.CloseAbandonedAfter is { } abandoned && stored.State == ConversationState.Taken
            && (change.Posted is { AuthorKind: AuthorKind.Agent or AuthorKind.Bot } || before.State != ConversationState.Taken))
        {
            ScheduleAbandonedCheck(stored.Id, now, abandoned);
        }

        if (_options.CloseOnHoldAfter is { } onHold && stored.State == ConversationState.OnHold && before.State != ConversationState.OnHold)
        {
            ScheduleOnHoldCheck(stored.Id, now, onHold);
        }
    }

    // The lambdas live in their own methods so that their closures are built only when a check is scheduled, not on every change.
    private void ScheduleAbandonedCheck(ConversationId id, Instant now, Duration abandoned) =>
        _scheduler!.Scheduler.Schedule(now + abandoned, ct => CloseIfAbandonedAsync(id, abandoned, ct));

    private void ScheduleOnHoldCheck(ConversationId id, Instant now, Duration onHold) =>
        _scheduler!.Scheduler.Schedule(now + onHold, ct => CloseIfStillOnHoldAsync(id, onHold, ct));

    /// <summary>Closes the conversation as abandoned when it is still taken, the contact is not waiting for an answer, and has been silent for <paramref name="limit"/>.</summary>
    private async ValueTask CloseIfAbandonedAsync(ConversationId id, Duration limit, CancellationToken cancellationToken)
    {
        var current = await conversations.GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (current is not { State: ConversationState.Taken, ContactWaitingSince: null })
        {
            return;
        }

        var lastActivity = current.FirstTakenAt ?? current.CreatedAt;
        await foreach (var message in conversations.ReadBackwardsAsync(current, cancellationToken).ConfigureAwait(false))
        {
            if (message.AuthorKind == AuthorKind.Contact)
            {
                lastActivity = message.SentAt > lastActivity ? message.SentAt : lastActivity;
                break;
            }
        }

        var now = clock.GetCurrentInstant();
        if (now - lastActivity < limit)
        {
            return; // The contact wrote since: a later answer scheduled its own check.
        }

        await CloseForInactivityAsync(id, CloseReasons.Abandoned, $"Closed automatically: the contact did not write for {limit}.", cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask CloseIfStillOnHoldAsync(ConversationId id, Duration limit, CancellationToken cancellationToken)
    {
        var current = await conversations.GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (current is not { State: ConversationState.OnHold, OnHoldSince: { } since } || clock.GetCurrentInstant() - since < limit)
        {
            return; // Resumed (and maybe held again: that hold scheduled its own check).
        }

        await CloseForInactivityAsync(id, CloseReasons.OnHoldTimeout, $"Closed automatically: on hold for {limit}.", cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask CloseForInactivityAsync(ConversationId id, string reason, string comment, CancellationToken cancellationToken)
    {
        var closed = await CloseAsync(id, Actor.System, new CloseRequest { Reason = reason, Comment = comment }, cancellationToken).ConfigureAwait(false);
        if (closed.Succeeded)
        {
            logger.ClosedForInactivity(id, reason);
        }
        else
        {
            logger.InactivityCloseRefused(id, closed.Error.Message);
        }
    }
}
