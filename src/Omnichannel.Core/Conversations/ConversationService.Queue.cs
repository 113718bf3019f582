using Microsoft.Extensions.Logging;
using NodaTime;
using Omnichannel.Access;
using Omnichannel.Agents;
using Omnichannel.Departments;
using Omnichannel.Lifecycle;
using Omnichannel.Logging;
using Omnichannel.Notifications;
using Omnichannel.Operations;
using Omnichannel.Validation;

namespace Omnichannel.Conversations;

/// <summary>Arrivals, takes and returns to the queue.</summary>
internal sealed partial class ConversationService
{
    public ValueTask<OperationResult<Conversation>> ReceiveContactMessageAsync(ContactId contact, DepartmentId department, string text, IReadOnlyList<Attachment>? attachments = null, CancellationToken cancellationToken = default) =>
        ReceiveAsync(contact, department, text, attachments, Conversation.DefaultChannel, source: null, cancellationToken);

    public ValueTask<OperationResult<Conversation>> ReceiveContactMessageAsync(ContactMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        return ReceiveAsync(message.Contact, message.Department, message.Text, message.Attachments, message.Channel, message.Source, cancellationToken);
    }

    private async ValueTask<OperationResult<Conversation>> ReceiveAsync(ContactId contact, DepartmentId department, string text, IReadOnlyList<Attachment>? attachments, string channel, ConversationSource? source, CancellationToken cancellationToken)
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

        if (SourceProblem(source) is { } badSource)
        {
            return OperationResult<Conversation>.Failure(OperationErrorCode.InvalidArgument, badSource);
        }

        var writer = await contacts.GetAsync(contact, cancellationToken).ConfigureAwait(false);
        if (writer is null)
        {
            return OperationResult<Conversation>.Failure(OperationErrorCode.NotFound, $"Contact '{contact}' does not exist; save it in the contact store before it writes.");
        }

        if (source is not null && BlockedChannel(writer, source) is { } blocked)
        {
            LogBlockedChannel(logger, contact, blocked.Type);
            return OperationResult<Conversation>.Failure(OperationErrorCode.ChannelBlocked,
                $"Contact '{contact}' writes from channel {blocked.Type} '{blocked.Identifier}', which is blocked; the message was not stored. Unblock the channel to accept it.");
        }

        var target = await departments.GetAsync(department, cancellationToken).ConfigureAwait(false);
        if (target is null)
        {
            return OperationResult<Conversation>.Failure(OperationErrorCode.NotFound, $"Department '{department}' does not exist; contact '{contact}' cannot write to it.");
        }

        // The anchor's fallback department at arrival: a new conversation for a department where nobody is online, which the
        // offline rule would refuse, goes to the first department along its fallback chain where somebody is. When the
        // workspace accepts conversations with nobody online, it is queued where it was sent instead (routing's OverflowAfter
        // may move it later). Read only for departments that name a fallback; whether anybody is online where the conversation
        // goes is kept for the offline rule below, which would otherwise read it a second time.
        bool? anyAgentOnline = null;
        if (!_options.AcceptConversationsWithNoAgentsOnline && target is { Enabled: true, FallbackDepartmentId: not null })
        {
            var arrival = await ArrivalTargetAsync(target, contact, cancellationToken).ConfigureAwait(false);
            anyAgentOnline = arrival.AnyAgentOnline;
            if (arrival.Department.Id != target.Id)
            {
                LogArrivalRedirectedToFallback(logger, contact, department, arrival.Department.Id);
                target = arrival.Department;
                department = target.Id;
            }
        }

        // A disabled or offline department refuses new conversations only: an open one goes on.
        if (await NewConversationRefusalAsync(target, contact, anyAgentOnline, cancellationToken).ConfigureAwait(false) is { } refusal)
        {
            return OperationResult<Conversation>.Failure(refusal);
        }

        // Business hours and the host's arrival rules concern a new conversation only: look for an open one first, and only when needed.
        // The arrival time matters only to business hours and arrival rules: the clock is not read for it otherwise (a read
        // of the system clock is a system call on some machines, and each operation reads it once for its own time).
        var arrivedAt = target.BusinessHours is not null || _arrivalRules is not null ? clock.GetCurrentInstant() : default;
        var outsideHours = target.BusinessHours is { } hours && !hours.IsOpenAt(arrivedAt);
        var classification = ArrivalClassification.None;
        if ((outsideHours || _arrivalRules is not null) && await FindOpenConversationAsync(contact, department, cancellationToken).ConfigureAwait(false) is null)
        {
            if (outsideHours && target.BusinessHours!.OutsideHours == Departments.OutsideHoursBehavior.Refuse)
            {
                logger.OutsideBusinessHours(contact, department, "refused");
                return OperationResult<Conversation>.Failure(OperationErrorCode.OutsideBusinessHours, target.BusinessHours.OfflineMessage is { Length: > 0 } offline ? offline
                    : $"Department '{target.Name}' is closed now (outside its business hours); please write again when it is open.");
            }

            classification = await ClassifyAsync(writer, department, channel, text, arrivedAt, cancellationToken).ConfigureAwait(false);
        }

        // A conversation closed between finding it and appending to it sends the message to a new one instead.
        for (var attempt = 1; ; attempt++)
        {
            var now = clock.GetCurrentInstant();
            // Built with its first message in one go (not Append to an empty one): this is the hot path of every arrival.
            var first = NewMessage(1, AuthorKind.Contact, contact.Value, text, now, attachments);
            // The department's waiting-queue message reaches the contact in the same write as the arrival.
            var waiting = string.IsNullOrWhiteSpace(target.WaitingQueueMessage) ? null : NewMessage(2, AuthorKind.System, null, target.WaitingQueueMessage, now, null);
            var candidate = new Conversation
            {
                Id = ids.NewId(),
                ContactId = contact,
                DepartmentId = department,
                Channel = channel,
                Source = source,
                CreatedAt = now,
                QueuedAt = now,
                MessageCount = waiting is null ? 1 : 2,
                LastAuthorKind = AuthorKind.Contact,
                ContactWaitingSince = now,
                Priority = classification.Priority,
                ServiceLevel = classification.ServiceLevel,
                ServiceLevelDueAt = classification.ServiceLevel is { } level ? now + ServiceLevelDue(level) : null,
                ArrivedOutsideBusinessHours = outsideHours,
            };
            // The candidate is built for this write alone (a new one each attempt): the in-memory store may number it in place.
            var write = new ConversationWrite(candidate) { Messages = waiting is null ? [first] : [first, waiting], ConversationIsUnshared = true };
            var (stored, created) = await conversations.CreateOrGetOpenAsync(write, cancellationToken).ConfigureAwait(false);
            if (created)
            {
                if (outsideHours)
                {
                    logger.OutsideBusinessHours(contact, department, "queued");
                }

                Metrics?.Created(stored);
                if (events.HasPublishers)
                {
                    await events.PublishAsync(new MessagePosted(now, stored, first), cancellationToken).ConfigureAwait(false);
                    if (waiting is not null)
                    {
                        await events.PublishAsync(new MessagePosted(now, stored, waiting), cancellationToken).ConfigureAwait(false);
                    }

                    await PublishQueuedAsync(stored, now, cancellationToken).ConfigureAwait(false);
                    if (outsideHours)
                    {
                        await events.PublishAsync(new ConversationQueuedOutsideHours(now, stored), cancellationToken).ConfigureAwait(false);
                    }
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

    /// <summary>
    /// The host's priority and service level for a new conversation: names checked against the configured ones (an unknown
    /// one is logged and dropped); a rule that throws is logged and the conversation arrives without them.
    /// </summary>
    private async ValueTask<ArrivalClassification> ClassifyAsync(Contacts.Contact contact, DepartmentId department, string channel, string text, Instant now, CancellationToken cancellationToken)
    {
        if (_arrivalRules is null)
        {
            return ArrivalClassification.None;
        }

        ArrivalClassification? decided;
        try
        {
            decided = await _arrivalRules.ClassifyAsync(new ConversationArrival(contact, department, channel, text ?? string.Empty, now), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.ArrivalRulesFailed(exception, contact.Id);
            return ArrivalClassification.None;
        }

        if (decided is null)
        {
            return ArrivalClassification.None;
        }

        var priority = decided.Priority;
        if (priority.Name is { } name)
        {
            var configured = _options.Priorities.FirstOrDefault(p => string.Equals(p, name, StringComparison.OrdinalIgnoreCase));
            if (configured is null)
            {
                logger.UnknownArrivalClassification(contact.Id, "priority", name);
                priority = ConversationPriority.None;
            }
            else
            {
                priority = new ConversationPriority(configured);
            }
        }

        var level = decided.ServiceLevel;
        if (level is not null)
        {
            var policy = _options.ServiceLevelPolicies.FirstOrDefault(p => string.Equals(p.Name, level, StringComparison.OrdinalIgnoreCase));
            if (policy is null)
            {
                logger.UnknownArrivalClassification(contact.Id, "service level", level);
            }

            level = policy?.Name;
        }

        return new ArrivalClassification { Priority = priority, ServiceLevel = level };
    }

    /// <summary>The due time of the configured service-level policy <paramref name="name"/>.</summary>
    private Duration ServiceLevelDue(string name) =>
        _options.ServiceLevelPolicies.First(p => string.Equals(p.Name, name, StringComparison.Ordinal)).DueAfter;

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
            // Append's copy is held by nobody else: the in-memory store may number it in place.
            return new ConversationChange(appended) { Posted = message, NextIsUnshared = true };
        }

        var toQueue = new ConversationChange(WithNotice(appended with
        {
            State = NextState(current, ConversationTrigger.ResumeToQueue),
            ServingAgentId = null,
            PreviousAgentId = current.ServingAgentId,
            QueuedAt = now,
        }, SystemMessageSources.Resumed, "The contact wrote again: the conversation left hold and went back to the queue, as its agent cannot serve it now.", now, out var queuedNotice))
        {
            Posted = message,
            Notice = queuedNotice,
            Trigger = ConversationTrigger.ResumeToQueue,
        };

        var agent = current.ServingAgentId is { } id ? await agents.GetAsync(id, cancellationToken).ConfigureAwait(false) : null;
        if (agent is not { Status: AgentStatus.Available, Deactivated: false } || !agent.Departments.Contains(current.DepartmentId))
        {
            return toQueue;
        }

        var department = await departments.GetAsync(current.DepartmentId, cancellationToken).ConfigureAwait(false);
        return new ConversationChange(WithNotice(appended with { State = NextState(current, ConversationTrigger.Resume) },
            SystemMessageSources.Resumed, "The contact wrote again: the conversation left hold.", now, out var resumedNotice))
        {
            Posted = message,
            Notice = resumedNotice,
            Trigger = ConversationTrigger.Resume,
            Claim = ClaimFor(agent, department, current.DepartmentId, current.Channel),
            WhenAtCapacity = toQueue,
        };
    }

    public ValueTask<OperationResult<Conversation>> TakeAsync(ConversationId conversation, AgentId agent, CancellationToken cancellationToken = default)
    {
        Require.Id(conversation);
        return LoadAgentThenTakeOrAssignAsync(conversation, agent, Actor.Agent(agent), cancellationToken);
    }

    public ValueTask<OperationResult<Conversation>> AssignAsync(ConversationId conversation, AgentId agent, CancellationToken cancellationToken = default)
    {
        Require.Id(conversation);
        Require.Id(agent);
        return LoadAgentThenTakeOrAssignAsync(conversation, agent, Actor.System, cancellationToken);
    }

    // Entry of take and assign: when the agent read completes at once (a remembered agent, as the PostgreSQL adapter's
    // cache answers) it goes straight to the write without allocating an async state machine of its own.
    private ValueTask<OperationResult<Conversation>> LoadAgentThenTakeOrAssignAsync(ConversationId conversation, AgentId agentId, Actor actor, CancellationToken cancellationToken)
    {
        // Decided from the agent this process remembers (the write checks its version); a refusal is confirmed fresh.
        var load = LoadActorForChangeAsync(agentId, AgentPermissions.TakeConversation, cancellationToken);
        if (!load.IsCompletedSuccessfully)
        {
            return AwaitAgentThenTakeOrAssignAsync(conversation, agentId, actor, load, cancellationToken);
        }

        // The agent answered at once (remembered, access granted) and is available: straight to the write, without a
        // state machine of this method's own.
        var (agent, error) = load.Result;
        return error is null && NotAvailable(agent!, conversation, actor) is null
            ? WriteTakeOrAssignAsync(conversation, agent!, actor, cancellationToken)
            : ConfirmAgentThenTakeOrAssignAsync(conversation, agentId, actor, agent, error, cancellationToken);
    }

    // The slow path of the entry: the agent read went to the store, so its result is awaited here.
    private async ValueTask<OperationResult<Conversation>> AwaitAgentThenTakeOrAssignAsync(ConversationId conversation, AgentId agentId, Actor actor, ValueTask<(AgentAccess? Agent, OperationError? Error)> load, CancellationToken cancellationToken)
    {
        var (agent, error) = await load.ConfigureAwait(false);
        return await ConfirmAgentThenTakeOrAssignAsync(conversation, agentId, actor, agent, error, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The take or assignment once the agent was read: a remembered agent may be stale, so a refusal or an unavailable agent is confirmed by a fresh read.</summary>
    private async ValueTask<OperationResult<Conversation>> ConfirmAgentThenTakeOrAssignAsync(ConversationId conversation, AgentId agentId, Actor actor, AgentAccess? agent, OperationError? error, CancellationToken cancellationToken)
    {
        if (error is null && NotAvailable(agent!, conversation, actor) is not null)
        {
            (agent, error) = await LoadActorAsync(agentId, AgentPermissions.TakeConversation, cancellationToken).ConfigureAwait(false);
        }

        if ((error ?? NotAvailable(agent!, conversation, actor)) is { } refused)
        {
            return OperationResult<Conversation>.Failure(refused);
        }

        return await WriteTakeOrAssignAsync(conversation, agent!, actor, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The take or assignment by <paramref name="agent"/>, once it may take: the one decide-and-write both paths end in.</summary>
    private ValueTask<OperationResult<Conversation>> WriteTakeOrAssignAsync(ConversationId conversation, AgentAccess agent, Actor actor, CancellationToken cancellationToken) =>
        ChangeAsync(conversation, actor, (Agent: agent, Actor: actor, CancellationToken: cancellationToken),
            static (service, s, current, now, fresh) => service.DecideTakeAsync(current, s.Agent, s.Actor, now, fresh, s.CancellationToken), cancellationToken);

    /// <summary>Why <paramref name="agent"/> cannot take <paramref name="conversation"/> now (only Available agents take; routing may assign to Away ones), or null.</summary>
    private OperationError? NotAvailable(AgentAccess agent, ConversationId conversation, Actor actor) =>
        agent.Agent.Status == AgentStatus.Available || (actor.Kind == AuthorKind.System && IsOnline(agent.Agent))
            ? null
            : new(OperationErrorCode.AgentNotAvailable,
                $"Agent '{agent.Agent.Id}' is {agent.Agent.Status}; only an Available agent can take conversation '{conversation}'"
                + (agent.Agent.Status == AgentStatus.Away ? " (routing assigns to Away agents only when OmnichannelOptions.RouteToAwayAgents is set)." : "."));

    private ValueTask<ConversationChange> DecideTakeAsync(Conversation current, AgentAccess remembered, Actor actor, Instant now, bool fresh, CancellationToken cancellationToken)
    {
        if (fresh)
        {
            return DecideTakeFreshAsync(current, remembered.Agent.Id, actor, now, cancellationToken);
        }

        if (TakeRefusal(current, remembered, out var taken) is { } refused)
        {
            return ValueTask.FromResult(refused);
        }

        // The first attempt's department read, answered at once by a store that remembers it: no state machine.
        var department = departments.GetForChangeAsync(current.DepartmentId, cancellationToken);
        return department.IsCompletedSuccessfully
            ? ValueTask.FromResult(TakeChange(current, remembered, taken, department.Result, now))
            : TakeChangeAsync(current, remembered, taken, department, now);
    }

    /// <summary>A later attempt of a take: the agent may be what changed (the write checks the version it was decided from), so both it and the department are read fresh.</summary>
    private async ValueTask<ConversationChange> DecideTakeFreshAsync(Conversation current, AgentId agentId, Actor actor, Instant now, CancellationToken cancellationToken)
    {
        var (reloaded, error) = await LoadActorAsync(agentId, AgentPermissions.TakeConversation, cancellationToken).ConfigureAwait(false);
        if ((error ?? NotAvailable(reloaded!, current.Id, actor)) is { } unavailable)
        {
            return ConversationChange.Refuse(unavailable);
        }

        if (TakeRefusal(current, reloaded!, out var taken) is { } refused)
        {
            return refused;
        }

        var department = await departments.GetAsync(current.DepartmentId, cancellationToken).ConfigureAwait(false);
        return TakeChange(current, reloaded!, taken, department, now);
    }

    private async ValueTask<ConversationChange> TakeChangeAsync(Conversation current, AgentAccess agent, ConversationState taken, ValueTask<Department?> department, Instant now) =>
        TakeChange(current, agent, taken, await department.ConfigureAwait(false), now);

    /// <summary>Why <paramref name="agent"/> cannot take <paramref name="current"/> (taken already, a state the lifecycle forbids, not a member), or null and the state a take leads to.</summary>
    private static ConversationChange? TakeRefusal(Conversation current, AgentAccess agent, out ConversationState taken)
    {
        var agentId = agent.Agent.Id;
        if (current.State == ConversationState.Taken && current.ServingAgentId is { } holder)
        {
            taken = default;
            return ConversationChange.Refuse(OperationErrorCode.AlreadyTaken, holder == agentId
                ? $"Conversation '{current.Id}' is already taken by agent '{agentId}' (you)."
                : $"Conversation '{current.Id}' was already taken by agent '{holder}'.");
        }

        if (Transition(current, ConversationTrigger.Take, "taken", out taken) is { } refused)
        {
            return refused;
        }

        return RequireMember(agent, current) is { } notMember ? ConversationChange.Refuse(notMember) : null;
    }

    /// <summary>The take of <paramref name="current"/> by <paramref name="agent"/>, decided from <paramref name="department"/> (its limits and version).</summary>
    private ConversationChange TakeChange(Conversation current, AgentAccess agent, ConversationState taken, Department? department, Instant now)
    {
        var agentId = agent.Agent.Id;
        // The system notice is numbered before the record is built, so the take makes one copy of the record (what Append
        // does for a system message, it only counts it: who wrote last and the response times stay).
        var joined = NewMessage(current, AuthorKind.System, SystemMessageSources.AgentJoined, _joinedTexts.For(agent.Agent.Name), now, null);
        return new ConversationChange(current with
        {
            State = taken,
            ServingAgentId = agentId,
            PreviousAgentId = current.ServingAgentId ?? current.PreviousAgentId,
            FirstTakenAt = current.FirstTakenAt ?? now,
            // Recorded here rather than by the generic step that adds the serving agent: one copy of the record less per take.
            ServedBy = current.ServedBy.Contains(agentId) ? current.ServedBy : current.ServedBy.Add(agentId),
            MessageCount = joined.Sequence,
        })
        {
            Posted = joined,
            Claim = ClaimFor(agent.Agent, department, current.DepartmentId, current.Channel),
            Trigger = ConversationTrigger.Take,
            NextIsUnshared = true, // the copy above: nobody else holds it
            DecidedFromAgent = (agent.Agent.Id, agent.Agent.Version),
            DecidedFromDepartment = (current.DepartmentId, department?.Version ?? 0),
        };
    }

    public async ValueTask<OperationResult<Conversation>> ReturnToQueueAsync(ConversationId conversation, Actor actor, CancellationToken cancellationToken = default)
    {
        Require.Id(conversation);
        Require.Valid(actor);
        AgentAccess? agent = null;
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

            var text = agent is null ? "The conversation was moved back to the queue." : $"{agent.Agent.Name} moved the conversation back to the queue.";
            var returned = WithNotice(current with
            {
                State = queued,
                ServingAgentId = null,
                PreviousAgentId = current.ServingAgentId,
                QueuedAt = now,
            }, SystemMessageSources.ReturnedToQueue, text, now, out var notice);
            return ValueTask.FromResult(new ConversationChange(returned) { Posted = notice, Trigger = ConversationTrigger.ReturnToQueue });
        }, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<OperationResult<Conversation>> MoveToDepartmentAsync(ConversationId conversation, DepartmentId department, CancellationToken cancellationToken = default)
    {
        Require.Id(conversation);
        Require.Id(department);
        var target = await departments.GetAsync(department, cancellationToken).ConfigureAwait(false);
        if (target is null)
        {
            return OperationResult<Conversation>.Failure(OperationErrorCode.NotFound, $"Department '{department}' does not exist; conversation '{conversation}' stays where it is.");
        }

        if (!target.Enabled)
        {
            return OperationResult<Conversation>.Failure(OperationErrorCode.DepartmentDisabled, $"Department '{department}' is disabled and takes no conversations; conversation '{conversation}' stays where it is.");
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

    /// <summary>
    /// Why <paramref name="department"/> refuses a new conversation of <paramref name="contact"/> (disabled, or nobody online
    /// while <see cref="DependencyInjection.OmnichannelOptions.AcceptConversationsWithNoAgentsOnline"/> is off), or null:
    /// also null when the contact already has an open conversation there, which the message goes on.
    /// <paramref name="anyAgentOnline"/> is whether anybody of <paramref name="department"/> is online when the caller read it
    /// already, or null to read it here.
    /// </summary>
    private async ValueTask<OperationError?> NewConversationRefusalAsync(Departments.Department department, ContactId contact, bool? anyAgentOnline, CancellationToken cancellationToken)
    {
        OperationError? refusal = null;
        if (!department.Enabled)
        {
            refusal = new(OperationErrorCode.DepartmentDisabled,
                $"Department '{department.Id}' is disabled and takes no new conversations; contact '{contact}' was not queued and nothing was stored.");
        }
        else if (!_options.AcceptConversationsWithNoAgentsOnline && !(anyAgentOnline ?? await AnyAgentOnlineAsync(department.Id, cancellationToken).ConfigureAwait(false)))
        {
            refusal = new(OperationErrorCode.Offline, string.IsNullOrWhiteSpace(department.OfflineMessage)
                ? $"No agent of department '{department.Id}' is online, and the workspace does not accept conversations then (OmnichannelOptions.AcceptConversationsWithNoAgentsOnline); nothing was stored."
                : department.OfflineMessage)
            {
                OfflineMessage = department.OfflineMessage,
            };
        }

        if (refusal is null || await FindOpenConversationAsync(contact, department.Id, cancellationToken).ConfigureAwait(false) is not null)
        {
            return null;
        }

        LogNewConversationRefused(logger, contact, department.Id, refusal.Code);
        return refusal;
    }

    /// <summary>
    /// The department a new conversation of <paramref name="contact"/> for <paramref name="requested"/> goes to, and whether
    /// anybody is online there. When nobody of <paramref name="requested"/> is online (Available, or Away when Away agents are
    /// routed), it is the first enabled department along its fallback chain where somebody is. It stays
    /// <paramref name="requested"/> when somebody is online there, when the contact already has an open conversation there
    /// (the message goes on in it), or when nobody is online along the chain either (the usual offline rule then applies to
    /// <paramref name="requested"/>). The chain never loops.
    /// </summary>
    private async ValueTask<(Departments.Department Department, bool AnyAgentOnline)> ArrivalTargetAsync(Departments.Department requested, ContactId contact, CancellationToken cancellationToken)
    {
        if (await AnyAgentOnlineAsync(requested.Id, cancellationToken).ConfigureAwait(false))
        {
            return (requested, true);
        }

        if (await FindOpenConversationAsync(contact, requested.Id, cancellationToken).ConfigureAwait(false) is not null)
        {
            return (requested, false);
        }

        HashSet<DepartmentId> seen = [requested.Id];
        for (var next = requested.FallbackDepartmentId; next is { } id && seen.Add(id);)
        {
            var fallback = await departments.GetAsync(id, cancellationToken).ConfigureAwait(false);
            if (fallback is null)
            {
                return (requested, false);
            }

            if (fallback.Enabled && await AnyAgentOnlineAsync(id, cancellationToken).ConfigureAwait(false))
            {
                return (fallback, true);
            }

            next = fallback.FallbackDepartmentId;
        }

        return (requested, false);
    }

    private async ValueTask<bool> AnyAgentOnlineAsync(DepartmentId department, CancellationToken cancellationToken)
    {
        foreach (var member in await agents.ListByDepartmentAsync(department, cancellationToken).ConfigureAwait(false))
        {
            // A deactivated agent is never online for this rule, whatever status the store holds (anchor: "should ignore disabled users").
            if (member is { IsOmnichannelAgent: true, Deactivated: false } && IsOnline(member))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Available, or Away when routing may give Away agents conversations (<see cref="DependencyInjection.OmnichannelOptions.RouteToAwayAgents"/>).</summary>
    private bool IsOnline(Agent agent) =>
        agent.Status == AgentStatus.Available || (agent.Status == AgentStatus.Away && _options.RouteToAwayAgents);

    /// <summary>The source of a message: a channel type word, an identifier and app of one line each.</summary>
    private string? SourceProblem(ConversationSource? source)
    {
        if (source is null)
        {
            return null;
        }

        return Contacts.ContactRules.ChannelTypeProblem(source.ChannelType, "source channel type")
            ?? (source.Identifier is null ? null : TextRules.Problem(source.Identifier, "source identifier", _options.MaxIdLength, "OmnichannelOptions.MaxIdLength", singleLine: true))
            ?? (source.App is null ? null : TextRules.Problem(source.App, "source app", _options.MaxIdLength, "OmnichannelOptions.MaxIdLength", singleLine: true));
    }

    /// <summary>The contact's blocked channel the source names (any of its type when it gives no identifier), or null.</summary>
    private static Contacts.ContactChannel? BlockedChannel(Contacts.Contact contact, ConversationSource source)
    {
        foreach (var channel in contact.Channels.IsDefault ? [] : contact.Channels)
        {
            if (channel is { Blocked: true } && string.Equals(channel.Type, source.ChannelType, StringComparison.OrdinalIgnoreCase)
                && (source.Identifier is null || string.Equals(channel.Identifier, source.Identifier, StringComparison.OrdinalIgnoreCase)))
            {
                return channel;
            }
        }

        return null;
    }

    [LoggerMessage(EventId = 400, Level = LogLevel.Information, Message = "A new conversation of contact {ContactId} in department {DepartmentId} was refused: {Reason}")]
    private static partial void LogNewConversationRefused(ILogger logger, ContactId contactId, DepartmentId departmentId, OperationErrorCode reason);

    [LoggerMessage(EventId = 983, Level = LogLevel.Information, Message = "A new conversation of contact {ContactId} for department {DepartmentId}, where nobody is online, goes to its fallback department {FallbackDepartmentId}")]
    private static partial void LogArrivalRedirectedToFallback(ILogger logger, ContactId contactId, DepartmentId departmentId, DepartmentId fallbackDepartmentId);

    [LoggerMessage(EventId = 401, Level = LogLevel.Information, Message = "A message of contact {ContactId} from a blocked {ChannelType} channel was refused")]
    private static partial void LogBlockedChannel(ILogger logger, ContactId contactId, string channelType);
}
