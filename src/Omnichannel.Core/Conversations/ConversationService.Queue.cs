using NodaTime;
using Omnichannel.Agents;
using Omnichannel.Conversations;
using Omnichannel.Lifecycle;
using Omnichannel.Notifications;
using Omnichannel.Operations;
using Omnichannel.Storage;
using Omnichannel.Validation;

namespace Omnichannel.Conversations;

/// <summary>Arrivals, takes and returns to the queue.</summary>
internal sealed partial class ConversationService
{
    public ValueTask<OperationResult<Conversation>> ReceiveContactMessageAsync(ContactId contact, DepartmentId department, string text, IReadOnlyList<Attachment>? attachments = null, CancellationToken cancellationToken = default) =>
        ReceiveAsync(contact, department, text, attachments, Conversation.DefaultChannel, cancellationToken);

    public ValueTask<OperationResult<Conversation>> ReceiveContactMessageAsync(ContactMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        return ReceiveAsync(message.Contact, message.Department, message.Text, message.Attachments, message.Channel, cancellationToken);
    }

    private async ValueTask<OperationResult<Conversation>> ReceiveAsync(ContactId contact, DepartmentId department, string text, IReadOnlyList<Attachment>? attachments, string channel, CancellationToken cancellationToken)
    {
        Require.Id(contact);
        Require.Id(department);
        if ((CheckText(text, "message", allowEmpty: attachments is { Count: > 0 }) ?? CheckAttachments(attachments)) is { } invalid)
        {
            return OperationResult<Conversation>.Failure(invalid);
        }

        if (ChannelRules.Problem(channel) is { } badChannel)
        {
            return OperationResult<Conversation>.Failure(OperationErrorCode.InvalidArgument, badChannel);
        }

        if (await contacts.GetAsync(contact, cancellationToken).ConfigureAwait(false) is null)
        {
            return OperationResult<Conversation>.Failure(OperationErrorCode.NotFound, $"Contact '{contact}' does not exist; save it in the contact store before it writes.");
        }

        if (await departments.GetAsync(department, cancellationToken).ConfigureAwait(false) is null)
        {
            return OperationResult<Conversation>.Failure(OperationErrorCode.NotFound, $"Department '{department}' does not exist; contact '{contact}' cannot write to it.");
        }

        // A conversation closed between finding it and appending to it sends the message to a new one instead.
        for (var attempt = 1; ; attempt++)
        {
            var now = clock.GetCurrentInstant();
            // Built with its first message in one go (not Append to an empty one): this is the hot path of every arrival.
            var first = NewMessage(1, AuthorKind.Contact, contact.Value, text, now, attachments);
            var candidate = new Conversation
            {
                Id = ids.NewId(),
                ContactId = contact,
                DepartmentId = department,
                Channel = channel,
                CreatedAt = now,
                QueuedAt = now,
                MessageCount = 1,
                LastAuthorKind = AuthorKind.Contact,
                ContactWaitingSince = now,
            };
            var (stored, created) = await conversations.CreateOrGetOpenAsync(new ConversationWrite(candidate) { Messages = [first] }, cancellationToken).ConfigureAwait(false);
            if (created)
            {
                if (events.HasPublishers)
                {
                    await events.PublishAsync(new MessagePosted(now, stored, first), cancellationToken).ConfigureAwait(false);
                    await PublishQueuedAsync(stored, now, cancellationToken).ConfigureAwait(false);
                }

                return OperationResult<Conversation>.Ok(stored);
            }

            var appended = await AppendContactMessageAsync(stored.Id, contact, text, attachments, cancellationToken).ConfigureAwait(false);
            if (appended.Error?.Code != OperationErrorCode.ConversationClosed || attempt >= _options.MaxWriteAttempts)
            {
                return appended;
            }
        }
    }

    /// <summary>A separate method so that the closure is allocated only when the contact already has an open conversation.</summary>
    private ValueTask<OperationResult<Conversation>> AppendContactMessageAsync(ConversationId conversation, ContactId contact, string text, IReadOnlyList<Attachment>? attachments, CancellationToken cancellationToken) =>
        ChangeAsync(conversation, Actor.Contact(contact), (current, at) => DecideContactMessageAsync(current, contact, text, attachments, at, cancellationToken), cancellationToken);

    /// <summary>Appends to the open conversation; an on-hold one resumes with its agent if they can serve it now, else goes to the queue.</summary>
    private async ValueTask<ConversationChange> DecideContactMessageAsync(Conversation current, ContactId contact, string text, IReadOnlyList<Attachment>? attachments, Instant now, CancellationToken cancellationToken)
    {
        if (!current.IsOpen)
        {
            return ConversationChange.Refuse(Closed(current.Id, "written to"));
        }

        var message = NewMessage(current, AuthorKind.Contact, contact.Value, text, now, attachments);
        var appended = Append(current, message);
        if (current.State != ConversationState.OnHold)
        {
            return ConversationChange.Store(appended) with { Posted = message };
        }

        var toQueue = ConversationChange.Store(appended with
        {
            State = NextState(current, ConversationTrigger.ResumeToQueue),
            ServingAgentId = null,
            PreviousAgentId = current.ServingAgentId,
            QueuedAt = now,
        }) with { Posted = message, Trigger = ConversationTrigger.ResumeToQueue };

        var agent = current.ServingAgentId is { } id ? await agents.GetAsync(id, cancellationToken).ConfigureAwait(false) : null;
        if (agent is not { Status: AgentStatus.Available } || !agent.Departments.Contains(current.DepartmentId))
        {
            return toQueue;
        }

        var department = await departments.GetAsync(current.DepartmentId, cancellationToken).ConfigureAwait(false);
        return ConversationChange.Store(appended with { State = NextState(current, ConversationTrigger.Resume) }) with
        {
            Posted = message,
            Trigger = ConversationTrigger.Resume,
            Claim = ClaimFor(agent, department, current.DepartmentId, current.Channel),
            WhenAtCapacity = toQueue,
        };
    }

    public ValueTask<OperationResult<Conversation>> TakeAsync(ConversationId conversation, AgentId agent, CancellationToken cancellationToken = default)
    {
        Require.Id(conversation);
        return TakeOrAssignAsync(conversation, agent, Actor.Agent(agent), cancellationToken);
    }

    public ValueTask<OperationResult<Conversation>> AssignAsync(ConversationId conversation, AgentId agent, CancellationToken cancellationToken = default)
    {
        Require.Id(conversation);
        Require.Id(agent);
        return TakeOrAssignAsync(conversation, agent, Actor.System, cancellationToken);
    }

    private async ValueTask<OperationResult<Conversation>> TakeOrAssignAsync(ConversationId conversation, AgentId agentId, Actor actor, CancellationToken cancellationToken)
    {
        // The agent is checked before the conversation is read (a missing or unavailable agent is told as such), from
        // what the store may remember; a refusal is confirmed by a fresh read. The decision reads the agent again on
        // every attempt, so a write refused because the agent changed decides from the new agent.
        var (agent, error) = await LoadTakerAsync(agentId, conversation, fresh: false, cancellationToken).ConfigureAwait(false);
        if (error is not null)
        {
            (agent, error) = await LoadTakerAsync(agentId, conversation, fresh: true, cancellationToken).ConfigureAwait(false);
            if (error is not null)
            {
                return OperationResult<Conversation>.Failure(error);
            }
        }

        return await ChangeAsync(conversation, actor, (Agent: agent, AgentId: agentId, CancellationToken: cancellationToken),
            static (service, s, current, now, fresh) => service.DecideTakeAsync(current, s.Agent, s.AgentId, now, fresh, s.CancellationToken), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The agent who would take a conversation, or why they cannot: unknown, not permitted, not available.</summary>
    private async ValueTask<(Agent? Agent, OperationError? Error)> LoadTakerAsync(AgentId agentId, ConversationId conversation, bool fresh, CancellationToken cancellationToken)
    {
        var agent = fresh
            ? await agents.GetAsync(agentId, cancellationToken).ConfigureAwait(false)
            : await agents.GetForChangeAsync(agentId, cancellationToken).ConfigureAwait(false);
        if (RequireOmnichannelAgent(agent, agentId, AgentPermissions.TakeConversation) is { } error)
        {
            return (agent, error);
        }

        return agent!.Status == AgentStatus.Available
            ? (agent, null)
            : (agent, new OperationError(OperationErrorCode.AgentNotAvailable, $"Agent '{agentId}' is {agent.Status}; only an Available agent can take conversation '{conversation}'."));
    }

    private async ValueTask<ConversationChange> DecideTakeAsync(Conversation current, Agent? remembered, AgentId agentId, Instant now, bool fresh, CancellationToken cancellationToken)
    {
        var agent = remembered;
        if (fresh || agent is null)
        {
            // A later attempt: the agent may be what changed.
            OperationError? error;
            (agent, error) = await LoadTakerAsync(agentId, current.Id, fresh: true, cancellationToken).ConfigureAwait(false);
            if (error is not null)
            {
                return ConversationChange.Refuse(error);
            }
        }

        if (current.State == ConversationState.Taken && current.ServingAgentId is { } holder)
        {
            return ConversationChange.Refuse(OperationErrorCode.AlreadyTaken, holder == agentId
                ? $"Conversation '{current.Id}' is already taken by agent '{agentId}' (you)."
                : $"Conversation '{current.Id}' was already taken by agent '{holder}'.");
        }

        if (Transition(current, ConversationTrigger.Take, "taken", out var taken) is { } refused)
        {
            return refused;
        }

        if (RequireMember(agent!, current) is { } notMember)
        {
            return ConversationChange.Refuse(notMember);
        }

        var department = fresh
            ? await departments.GetAsync(current.DepartmentId, cancellationToken).ConfigureAwait(false)
            : await departments.GetForChangeAsync(current.DepartmentId, cancellationToken).ConfigureAwait(false);
        return new ConversationChange(current with
        {
            State = taken,
            ServingAgentId = agentId,
            PreviousAgentId = current.ServingAgentId ?? current.PreviousAgentId,
            FirstTakenAt = current.FirstTakenAt ?? now,
        })
        {
            Claim = ClaimFor(agent!, department, current.DepartmentId, current.Channel),
            Trigger = ConversationTrigger.Take,
            DecidedFromAgent = (agent!.Id, agent.Version),
            DecidedFromDepartment = (current.DepartmentId, department?.Version ?? 0),
        };
    }

    public async ValueTask<OperationResult<Conversation>> ReturnToQueueAsync(ConversationId conversation, Actor actor, CancellationToken cancellationToken = default)
    {
        Require.Id(conversation);
        Require.Valid(actor);
        Agent? agent = null;
        if (actor.AgentId is { } agentId)
        {
            OperationError? error;
            (agent, error) = await LoadActorAsync(agentId, AgentPermissions.ReturnToQueue, cancellationToken).ConfigureAwait(false);
            if (error is not null)
            {
                return OperationResult<Conversation>.Failure(error);
            }
        }
        else if (actor.Kind != AuthorKind.System)
        {
            return OperationResult<Conversation>.Failure(OperationErrorCode.NotPermitted, $"Only an agent or the system can move conversation '{conversation}' back to the queue, not {actor}.");
        }

        return await ChangeAsync(conversation, actor, (current, now) =>
        {
            if (Transition(current, ConversationTrigger.ReturnToQueue, "moved back to the queue", out var queued) is { } refused)
            {
                return ValueTask.FromResult(refused);
            }

            if (agent is not null && RequireServing(agent, current) is { } notServing)
            {
                return ValueTask.FromResult(ConversationChange.Refuse(notServing));
            }

            return ValueTask.FromResult(ConversationChange.Store(current with
            {
                State = queued,
                ServingAgentId = null,
                PreviousAgentId = current.ServingAgentId,
                QueuedAt = now,
            }) with { Trigger = ConversationTrigger.ReturnToQueue });
        }, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<OperationResult<Conversation>> MoveToDepartmentAsync(ConversationId conversation, DepartmentId department, CancellationToken cancellationToken = default)
    {
        Require.Id(conversation);
        Require.Id(department);
        if (await departments.GetAsync(department, cancellationToken).ConfigureAwait(false) is null)
        {
            return OperationResult<Conversation>.Failure(OperationErrorCode.NotFound, $"Department '{department}' does not exist; conversation '{conversation}' stays where it is.");
        }

        return await ChangeAsync(conversation, Actor.System, async (current, now) =>
        {
            if (Transition(current, ConversationTrigger.MoveToDepartment, $"moved to department '{department}'", out var requeued) is { } refused)
            {
                return refused;
            }

            if (current.DepartmentId == department)
            {
                return ConversationChange.Refuse(OperationErrorCode.InvalidArgument, $"Conversation '{current.Id}' is already in department '{department}'.");
            }

            return await FindOpenConversationAsync(current.ContactId, department, cancellationToken).ConfigureAwait(false) is { } open
                ? ConversationChange.Refuse(OperationErrorCode.InvalidArgument,
                    $"Conversation '{current.Id}' cannot move to department '{department}': contact '{current.ContactId}' already has open conversation '{open.Id}' there.")
                : ConversationChange.Store(current with { State = requeued, DepartmentId = department, QueuedAt = now }) with { Trigger = ConversationTrigger.MoveToDepartment };
        }, cancellationToken).ConfigureAwait(false);
    }
}
