using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NodaTime;
using Omnichannel.Access;
using Omnichannel.Agents;
using Omnichannel.Capacity;
using Omnichannel.Contacts;
using Omnichannel.Departments;
using Omnichannel.DependencyInjection;
using Omnichannel.Lifecycle;
using Omnichannel.Logging;
using Omnichannel.Notifications;
using Omnichannel.Operations;
using Omnichannel.Storage;
using Omnichannel.Validation;

namespace Omnichannel.Conversations;

/// <summary>
/// The conversation operations. Each one reads the conversation, decides a <see cref="ConversationChange"/>
/// (a pure function of what it read), stores it with the version it read, and on a conflict reads again and
/// decides again. Events are published only after the store accepted the change.
/// </summary>
/// <remarks>Thread-safe: it keeps no state between calls.</remarks>
internal sealed partial class ConversationService(
    IConversationStore conversations,
    IAgentStore agents,
    IDepartmentStore departments,
    IContactStore contacts,
    DomainEventDispatcher events,
    IClock clock,
    IConversationIdGenerator ids,
    IOptions<OmnichannelOptions> options,
    ILogger<ConversationService> logger,
    IAccessPolicy access,
    IConversationListStore lists) : IConversationService
{
    private static readonly ConversationState[] QueuedOnly = [ConversationState.Queued];

    private readonly OmnichannelOptions _options = options.Value;
    private readonly Tags.ITagStore _tagStore = new Tags.InMemoryTagStore();
    private readonly IArrivalRules? _arrivalRules;
    private readonly Scheduling.WorkSchedulerAccessor? _scheduler;
    private readonly TypingTracker _typing = new();

    /// <summary>The take's notice "{name} joined the conversation.", one string per agent's name instead of one per take.</summary>
    private readonly AgentNoticeTexts _joinedTexts = new(" joined the conversation.");

    /// <summary>An agent's close notice without a comment, "{name} closed the conversation.", likewise.</summary>
    private readonly AgentNoticeTexts _closedTexts = new(" closed the conversation.");

    /// <summary>The read-decide-write loop every changing operation goes through.</summary>
    private ValueTask<OperationResult<Conversation>> ChangeAsync(
        ConversationId id,
        Actor actor,
        Func<Conversation, Instant, ValueTask<ConversationChange>> decide,
        CancellationToken cancellationToken) =>
        ChangeAsync(id, actor, decide, static (_, decide, current, now, _) => decide(current, now), cancellationToken);

    /// <summary>
    /// The same loop with a static <paramref name="decide"/> and its <paramref name="state"/>: the hot operations
    /// (take, agent message, close) use it so that no closure or delegate is allocated per call.
    /// </summary>
    /// <remarks>
    /// The first attempt reads through the stores' <c>GetForChangeAsync</c>, which a store may answer from memory
    /// (the write's version checks catch a stale answer); <paramref name="decide"/> is told whether its reads must be
    /// fresh. A conflict, or a refusal decided from such reads, decides again from fresh reads, so nobody is ever
    /// refused because of what this process remembered.
    /// </remarks>
    private async ValueTask<OperationResult<Conversation>> ChangeAsync<TState>(
        ConversationId id,
        Actor actor,
        TState state,
        Func<ConversationService, TState, Conversation, Instant, bool, ValueTask<ConversationChange>> decide,
        CancellationToken cancellationToken)
    {
        var fresh = false;
        for (var attempt = 1; attempt <= _options.MaxWriteAttempts; attempt++)
        {
            var current = fresh
                ? await conversations.GetAsync(id, cancellationToken).ConfigureAwait(false)
                : await conversations.GetForChangeAsync(id, cancellationToken).ConfigureAwait(false);
            if (current is null)
            {
                return OperationResult<Conversation>.Failure(NotFound(id));
            }

            var now = clock.GetCurrentInstant();
            var change = await decide(this, state, current, now, fresh).ConfigureAwait(false);
            EnsureLifecycleAllows(current, change);
            if (change.Error is not null && !fresh)
            {
                // Refused on what may be remembered: look again before telling the caller no.
                fresh = true;
                attempt--;
                continue;
            }

            fresh = true;
            try
            {
                while (true)
                {
                    if (change.Error is { } error)
                    {
                        return OperationResult<Conversation>.Failure(error);
                    }

                    try
                    {
                        var next = WithServedBy(change.Next!);
                        var write = new ConversationWrite(next, change.Claim, change.Outbox)
                        {
                            // A copy made here, or one the decision made for itself, is held by nobody else.
                            ConversationIsUnshared = change.NextIsUnshared || !ReferenceEquals(next, change.Next),
                            Messages = change.Posted is { } posted ? (change.Notice is { } notice ? [posted, notice] : [posted]) : null,
                            DecidedFromAgent = change.DecidedFromAgent,
                            DecidedFromDepartment = change.DecidedFromDepartment,
                        };
                        var stored = await conversations.SaveAsync(write, cancellationToken).ConfigureAwait(false);
                        ScheduleInactivityChecks(current, stored, change, now);
                        Metrics?.Stored(current, stored, change.Trigger, actor, change.Outbox, now);
                        await PublishAsync(current, stored, change, actor, now, cancellationToken).ConfigureAwait(false);
                        return OperationResult<Conversation>.Ok(stored);
                    }
                    catch (CapacityExceededException exception)
                    {
                        change = change.WhenAtCapacity ?? ConversationChange.Refuse(OperationErrorCode.AtCapacity, exception.Message);
                    }
                }
            }
            catch (ConcurrencyConflictException)
            {
                logger.WriteConflictRetried(id, attempt);
            }
        }

        logger.WriteConflictGaveUp(id, _options.MaxWriteAttempts);
        return OperationResult<Conversation>.Failure(OperationErrorCode.Conflict,
            $"Conversation '{id}' kept changing while the operation ran ({_options.MaxWriteAttempts} attempts); try again.");
    }

    /// <summary>Every state change must be one the lifecycle permits; anything else is a bug in an operation, not a user error.</summary>
    private static void EnsureLifecycleAllows(Conversation current, ConversationChange change)
    {
        for (var c = change; c is { Next: { } next }; c = c.WhenAtCapacity)
        {
            var decision = c.Trigger is { } trigger ? ConversationLifecycle.Table.Decide(current, trigger, c.GuardsWaived) : LifecycleDecision.To(current.State);
            if (!decision.IsPermitted || decision.Destination != next.State)
            {
                throw new InvalidOperationException($"Bug: conversation '{current.Id}' would move from {current.State} to {next.State} by {c.Trigger?.ToString() ?? "no trigger"}, which the lifecycle does not permit.");
            }
        }
    }

    private async ValueTask PublishAsync(Conversation before, Conversation stored, ConversationChange change, Actor actor, Instant now, CancellationToken cancellationToken)
    {
        if (!events.HasPublishers)
        {
            return;
        }

        if (change.Posted is { } message)
        {
            await events.PublishAsync(new MessagePosted(now, stored, message), cancellationToken).ConfigureAwait(false);
        }

        if (change.Notice is { } notice)
        {
            await events.PublishAsync(new MessagePosted(now, stored, notice), cancellationToken).ConfigureAwait(false);
        }

        if (change.Trigger is { } trigger)
        {
            await events.PublishAsync(new ConversationStateChanged(now, stored, before.State, trigger, actor), cancellationToken).ConfigureAwait(false);
        }

        if (change.Event is { } build)
        {
            await events.PublishAsync(build(stored), cancellationToken).ConfigureAwait(false);
        }

        if (stored.State == ConversationState.Queued && (before.State != ConversationState.Queued || before.DepartmentId != stored.DepartmentId))
        {
            await PublishQueuedAsync(stored, now, cancellationToken).ConfigureAwait(false);
        }
    }

    private async ValueTask PublishQueuedAsync(Conversation queued, Instant now, CancellationToken cancellationToken)
    {
        var alert = ImmutableArray<AgentId>.Empty;
        if (_options.AlertAgentsOnQueue)
        {
            var department = await departments.GetAsync(queued.DepartmentId, cancellationToken).ConfigureAwait(false);
            var members = await agents.ListByDepartmentAsync(queued.DepartmentId, cancellationToken).ConfigureAwait(false);
            // Indexed loop and an exactly sized builder: this runs on every arrival, so no enumerator box and no copy.
            var builder = ImmutableArray.CreateBuilder<AgentId>(members.Count);
            for (var i = 0; i < members.Count; i++)
            {
                var member = members[i];
                if (IsOnline(member) && member.IsOmnichannelAgent && member.Has(AgentPermissions.ViewQueue | AgentPermissions.TakeConversation))
                {
                    // The same claim a take of this conversation would write, its channel limit included.
                    var claim = ClaimFor(member, department, queued.DepartmentId, queued.Channel);
                    if (claim.HasRoom(await conversations.CountLoadAsync(claim, cancellationToken).ConfigureAwait(false)))
                    {
                        builder.Add(member.Id);
                    }
                }
            }

            alert = builder.DrainToImmutable();
        }

        await events.PublishAsync(new ConversationQueued(now, queued, alert), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The claim making <paramref name="agent"/> serve a conversation of <paramref name="channel"/> in <paramref name="departmentId"/>.</summary>
    private CapacityClaim ClaimFor(Agent agent, Department? department, DepartmentId departmentId, string? channel) =>
        CapacityClaim.For(agent, departmentId, department, channel, _options.CountOnHoldTowardCapacity, _options.MaxConversationsPerAgent);

    /// <summary>
    /// The state the lifecycle table gives <paramref name="current"/> on <paramref name="trigger"/>, for a change whose
    /// trigger is known to be permitted: the table is the only source of a next state, no operation names one itself.
    /// </summary>
    private static ConversationState NextState(Conversation current, ConversationTrigger trigger)
    {
        var decision = ConversationLifecycle.Table.Decide(current, trigger);
        return decision.IsPermitted ? decision.Destination
            : throw new InvalidOperationException($"Bug: conversation '{current.Id}' cannot take {trigger} while {current.State}, which the lifecycle does not permit.");
    }

    /// <summary>Asks the lifecycle; a refusal explains the state or the unmet guard, else <paramref name="destination"/> is the next state.</summary>
    private static ConversationChange? Transition(Conversation current, ConversationTrigger trigger, string action, out ConversationState destination)
    {
        var decision = ConversationLifecycle.Table.Decide(current, trigger);
        destination = decision.Destination;
        if (decision.IsPermitted)
        {
            return null;
        }

        if (current.State == ConversationState.Closed)
        {
            return ConversationChange.Refuse(Closed(current.Id, action));
        }

        return decision.UnmetGuard is { } guard
            ? ConversationChange.Refuse(OperationErrorCode.GuardNotMet, $"Conversation '{current.Id}' cannot be {action}: this requires that {guard.Description}.")
            : ConversationChange.Refuse(OperationErrorCode.InvalidTransition, $"Conversation '{current.Id}' cannot be {action} while it is {current.State}.");
    }

    /// <summary>
    /// Like <see cref="Transition"/>, but a transition refused only for an unmet guard is permitted, and
    /// <paramref name="destination"/> is the table's state as if the guards were met: for a workspace setting that lifts
    /// the guard (<see cref="OmnichannelOptions.AllowHoldWhenContactWroteLast"/>).
    /// </summary>
    private static ConversationChange? TransitionWaivingGuards(Conversation current, ConversationTrigger trigger, string action, out ConversationState destination)
    {
        var refused = Transition(current, trigger, action, out destination);
        if (refused?.Error?.Code != OperationErrorCode.GuardNotMet)
        {
            return refused;
        }

        destination = ConversationLifecycle.Table.Decide(current, trigger, waiveGuards: true).Destination;
        return null;
    }

    /// <summary>The lifecycle's answer to placing <paramref name="current"/> on hold, with the guard waived when the workspace allows it.</summary>
    private ConversationChange? HoldTransition(Conversation current, out ConversationState destination) => _options.AllowHoldWhenContactWroteLast
        ? TransitionWaivingGuards(current, ConversationTrigger.PlaceOnHold, "placed on hold", out destination)
        : Transition(current, ConversationTrigger.PlaceOnHold, "placed on hold", out destination);

    private static OperationError NotFound(ConversationId id) =>
        new(OperationErrorCode.NotFound, $"Conversation '{id}' does not exist.");

    private static OperationError Closed(ConversationId id, string action) =>
        new(OperationErrorCode.ConversationClosed, $"Conversation '{id}' is closed and cannot be {action}; closed is final.");

    /// <summary>Taking needs membership of the conversation's department; seeing or supervising it is not enough.</summary>
    private static OperationError? RequireMember(AgentAccess agent, Conversation conversation) => agent.RequireMember(conversation);

    /// <summary>The serving agent, or a supervisor of the conversation's department (the role table's ActOnOthersConversations in their scope); invited participants too when <paramref name="allowParticipants"/>.</summary>
    private static OperationError? RequireServing(AgentAccess agent, Conversation conversation, bool allowParticipants = false) =>
        agent.RequireActOn(conversation, "act", allowParticipants);

    /// <summary>The acting agent through the one access policy: known, an omnichannel agent, active, with <paramref name="permission"/>.</summary>
    private async ValueTask<(AgentAccess? Agent, OperationError? Error)> LoadActorAsync(AgentId id, AgentPermissions permission, CancellationToken cancellationToken)
    {
        var result = await access.AuthorizeAsync(id, permission, Purpose(permission), cancellationToken).ConfigureAwait(false);
        return result.Succeeded ? (result.Value, null) : (null, result.Error);
    }

    /// <summary>
    /// The acting agent for one attempt of a change: on the first, <paramref name="remembered"/> (the one the change is
    /// decided from, whose version the write carries); on later ones a fresh read, since the agent may be what changed.
    /// </summary>
    private async ValueTask<(AgentAccess? Agent, OperationError? Error)> ActorForAttemptAsync(AgentAccess remembered, AgentPermissions permission, bool fresh, CancellationToken cancellationToken) =>
        fresh ? await LoadActorAsync(remembered.Agent.Id, permission, cancellationToken).ConfigureAwait(false) : (remembered, null);

    /// <summary>
    /// The acting agent for a change whose write carries the agent's version (<see cref="ConversationChange.DecidedFromAgent"/>):
    /// read through <see cref="IAgentStore.GetForChangeAsync"/>, which a store may answer from what this process remembers
    /// (no round trip), and checked by the access policy. A stale record cannot let a write through: the store refuses a
    /// write decided from another version of the agent, and the operation decides again from fresh reads. A refusal is
    /// never decided from a remembered record: it is confirmed by <see cref="LoadActorAsync"/>, which reads fresh.
    /// A host's own <see cref="IAccessPolicy"/> reads for itself (<see cref="LoadActorAsync"/>).
    /// </summary>
    private ValueTask<(AgentAccess? Agent, OperationError? Error)> LoadActorForChangeAsync(AgentId id, AgentPermissions permission, CancellationToken cancellationToken)
    {
        Require.Id(id);
        if (access is not AccessPolicy policy)
        {
            return LoadActorAsync(id, permission, cancellationToken);
        }

        var read = agents.GetForChangeAsync(id, cancellationToken);
        if (!read.IsCompletedSuccessfully)
        {
            return LoadActorForChangeAsync(id, read, policy, permission, cancellationToken);
        }

        // A store answering at once (in memory, or remembered) and a granted access: decided here, without a state machine or
        // a result object; anything else (a refusal to confirm, a monitor's units to read) goes the general way below.
        var remembered = read.Result;
        return policy.TryAuthorizeRead(remembered, permission) is { } granted
            ? ValueTask.FromResult<(AgentAccess?, OperationError?)>((granted, null))
            : AuthorizeRememberedAsync(id, remembered, policy, permission, cancellationToken);
    }

    /// <summary><see cref="LoadActorForChangeAsync(AgentId, AgentPermissions, CancellationToken)"/> when the store answers later.</summary>
    private async ValueTask<(AgentAccess? Agent, OperationError? Error)> LoadActorForChangeAsync(AgentId id, ValueTask<Agent?> read, AccessPolicy policy, AgentPermissions permission, CancellationToken cancellationToken) =>
        await AuthorizeRememberedAsync(id, await read.ConfigureAwait(false), policy, permission, cancellationToken).ConfigureAwait(false);

    /// <summary>The access of the remembered agent; a refusal is confirmed by a fresh read (<see cref="LoadActorAsync"/>).</summary>
    private async ValueTask<(AgentAccess? Agent, OperationError? Error)> AuthorizeRememberedAsync(AgentId id, Agent? remembered, AccessPolicy policy, AgentPermissions permission, CancellationToken cancellationToken)
    {
        var result = await policy.AuthorizeReadAsync(id, remembered, permission, Purpose(permission), cancellationToken).ConfigureAwait(false);
        if (result.Succeeded)
        {
            return (result.Value, null);
        }

        return await LoadActorAsync(id, permission, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>What a permission lets an agent do, for refusal messages.</summary>
    private static string Purpose(AgentPermissions permission) => permission switch
    {
        AgentPermissions.ViewQueue => "see the queue",
        AgentPermissions.TakeConversation => "take conversations",
        AgentPermissions.ReturnToQueue => "move conversations to the queue",
        AgentPermissions.ForwardConversation => "forward conversations",
        AgentPermissions.PlaceOnHold => "place conversations on hold",
        AgentPermissions.CloseConversation => "close conversations",
        AgentPermissions.EditRoomInformation => "edit room information",
        AgentPermissions.InviteParticipants => "invite participants",
        AgentPermissions.ForceClose => "force close conversations",
        AgentPermissions.None => "act on conversations",
        _ => $"use {permission}",
    };

    /// <summary>Records the serving agent among those who served it (one place, so every operation keeps it).</summary>
    private static Conversation WithServedBy(Conversation next) =>
        next.ServingAgentId is { } serving && !next.ServedBy.Contains(serving) ? next with { ServedBy = next.ServedBy.Add(serving) } : next;

    /// <summary>A message, comment or topic: present (unless <paramref name="allowEmpty"/>), bounded, and storable (<see cref="TextRules"/>).</summary>
    private OperationError? CheckText(string? text, string what, bool allowEmpty = false)
    {
        var (maxLength, limitName) = what == "message"
            ? (_options.MaxMessageLength, "OmnichannelOptions.MaxMessageLength")
            : (_options.MaxCommentLength, "OmnichannelOptions.MaxCommentLength");
        return TextRules.Problem(text, what, maxLength, limitName, singleLine: false, allowEmpty) is { } problem
            ? new(OperationErrorCode.InvalidArgument, problem)
            : null;
    }

    /// <summary>The attachments of a message: counted, each field checked (<see cref="AttachmentRules"/>).</summary>
    private OperationError? CheckAttachments(IReadOnlyList<Attachment>? attachments) =>
        AttachmentRules.Problem(attachments, _options) is { } problem ? new(OperationErrorCode.InvalidArgument, problem) : null;

    /// <summary>A name (of a bot, of a user to invite): one line, bounded by <see cref="OmnichannelOptions.MaxNameLength"/>.</summary>
    private OperationError? CheckName(string? name, string what) =>
        TextRules.Problem(name, what, _options.MaxNameLength, "OmnichannelOptions.MaxNameLength", singleLine: true) is { } problem
            ? new(OperationErrorCode.InvalidArgument, problem)
            : null;

    private static Message NewMessage(Conversation conversation, AuthorKind kind, string? authorId, string text, Instant now, IReadOnlyList<Attachment>? attachments) =>
        NewMessage(conversation.MessageCount + 1, kind, authorId, text, now, attachments);

    private static Message NewMessage(int sequence, AuthorKind kind, string? authorId, string text, Instant now, IReadOnlyList<Attachment>? attachments) => new()
    {
        Sequence = sequence,
        AuthorKind = kind,
        AuthorId = authorId,
        Text = text,
        SentAt = now,
        Attachments = attachments is null ? [] : [.. attachments],
    };

    /// <summary>
    /// <paramref name="next"/> with a system notice of what the change did appended to its log (the anchor writes one for
    /// every lifecycle step), so the notice is stored in the same atomic write as the state and shows as a system line in
    /// transcripts. System messages do not count as anyone's answer: <see cref="Append"/> leaves who wrote last and the
    /// response times alone.
    /// </summary>
    private static Conversation WithNotice(Conversation next, string source, string text, Instant now, out Message notice)
    {
        notice = NewMessage(next, AuthorKind.System, source, text, now, null);
        return Append(next, notice);
    }

    /// <summary>" Comment: ..." for a notice, or nothing when there is no comment.</summary>
    private static string CommentSuffix(string? comment) => TextRules.IsBlank(comment) ? "" : $" Comment: {comment.Trim()}";

    /// <summary>
    /// The conversation after <paramref name="message"/> (numbered <c>MessageCount + 1</c>) is appended to its log: the count,
    /// who wrote last (system messages do not change it) and the response-time figures room information shows. The message
    /// itself is stored by the same write (<see cref="ConversationChange.Posted"/>).
    /// </summary>
    /// <remarks>One copy of the record in every case (each case sets all it changes in one <c>with</c>).</remarks>
    private static Conversation Append(Conversation conversation, Message message)
    {
        if (message.AuthorKind == AuthorKind.Contact)
        {
            return conversation with
            {
                MessageCount = message.Sequence,
                LastAuthorKind = AuthorKind.Contact,
                ContactWaitingSince = conversation.ContactWaitingSince ?? message.SentAt,
            };
        }

        if (message.AuthorKind == AuthorKind.Agent && conversation.ContactWaitingSince is { } since)
        {
            var response = RoomInformation.NotNegative(message.SentAt - since);
            return conversation with
            {
                MessageCount = message.Sequence,
                LastAuthorKind = AuthorKind.Agent,
                ContactWaitingSince = null,
                FirstResponseTime = conversation.FirstResponseTime ?? response,
                ResponseTimeTotal = conversation.ResponseTimeTotal + response,
                ResponseCount = conversation.ResponseCount + 1,
            };
        }

        return conversation with
        {
            MessageCount = message.Sequence,
            LastAuthorKind = message.AuthorKind == AuthorKind.System ? conversation.LastAuthorKind : message.AuthorKind,
        };
    }
}
