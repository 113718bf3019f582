using System.Collections.Immutable;
using NodaTime;
using Omnichannel.Access;
using Omnichannel.Agents;
using Omnichannel.Contacts;
using Omnichannel.Notifications;
using Omnichannel.Operations;
using Omnichannel.Validation;

namespace Omnichannel.Conversations;

/// <summary>Messages, the typing indicator, <c>/invite</c> and the room information.</summary>
internal sealed partial class ConversationService
{
    private const string InviteCommand = "/invite";

    public async ValueTask<OperationResult<Conversation>> PostAgentMessageAsync(ConversationId conversation, AgentId agent, string text, IReadOnlyList<Attachment>? attachments = null, CancellationToken cancellationToken = default)
    {
        Require.Id(conversation);
        Require.Id(agent);
        if (text is not null && text.StartsWith('/'))
        {
            return await RunSlashCommandAsync(conversation, agent, text, cancellationToken).ConfigureAwait(false);
        }

        if ((CheckText(text, "message", allowEmpty: attachments is { Count: > 0 }) ?? CheckAttachments(attachments)) is { } invalid)
        {
            return OperationResult<Conversation>.Failure(invalid);
        }

        var (actor, error) = await LoadActorForChangeAsync(agent, AgentPermissions.None, cancellationToken).ConfigureAwait(false);
        if (error is not null)
        {
            return OperationResult<Conversation>.Failure(error);
        }

        return await ChangeAsync(conversation, Actor.Agent(agent), (Actor: actor!, AgentId: agent, Text: text!, Attachments: attachments, CancellationToken: cancellationToken),
            static (service, s, current, now, fresh) => fresh
                ? service.DecideAgentMessageFreshAsync(current, s.AgentId, s.Text, s.Attachments, now, s.CancellationToken)
                : ValueTask.FromResult(DecideAgentMessage(current, s.Actor, s.AgentId, s.Text, s.Attachments, now)), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A later attempt: the agent may be what changed since the first one decided (its write checks the agent's version).</summary>
    private async ValueTask<ConversationChange> DecideAgentMessageFreshAsync(Conversation current, AgentId agent, string text, IReadOnlyList<Attachment>? attachments, Instant now, CancellationToken cancellationToken)
    {
        var (actor, error) = await LoadActorAsync(agent, AgentPermissions.None, cancellationToken).ConfigureAwait(false);
        return error is not null ? ConversationChange.Refuse(error) : DecideAgentMessage(current, actor!, agent, text, attachments, now);
    }

    /// <summary>The agent's message, decided from <paramref name="actor"/> (the write carries the version it was decided from).</summary>
    private static ConversationChange DecideAgentMessage(Conversation current, AgentAccess actor, AgentId agent, string text, IReadOnlyList<Attachment>? attachments, Instant now)
    {
        if (RequireServing(actor, current, allowParticipants: true) is { } notServing)
        {
            return ConversationChange.Refuse(notServing);
        }

        if (current.State != ConversationState.Taken)
        {
            return ConversationChange.Refuse(current.State switch
            {
                ConversationState.Closed => Closed(current.Id, "written to"),
                ConversationState.OnHold => new(OperationErrorCode.InvalidTransition, $"Conversation '{current.Id}' is on hold; resume it before writing."),
                _ => new(OperationErrorCode.InvalidTransition, $"Conversation '{current.Id}' is {current.State}; agents write only to a conversation they have taken."),
            });
        }

        var message = NewMessage(current, AuthorKind.Agent, agent.Value, text, now, attachments);
        // Append's copy is held by nobody else: the in-memory store numbers it in place (one copy of the record per message).
        return new ConversationChange(Append(current, message)) { Posted = message, NextIsUnshared = true, DecidedFromAgent = (actor.Agent.Id, actor.Agent.Version) };
    }

    public ValueTask<OperationResult<Conversation>> PostSystemMessageAsync(ConversationId conversation, string text, CancellationToken cancellationToken = default) =>
        PostAutomatedMessageAsync(conversation, AuthorKind.System, null, text, cancellationToken);

    public ValueTask<OperationResult<Conversation>> PostSystemNoticeAsync(ConversationId conversation, string source, string text, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        return CheckName(source, "system message source") is { } invalid
            ? ValueTask.FromResult(OperationResult<Conversation>.Failure(invalid))
            : PostAutomatedMessageAsync(conversation, AuthorKind.System, source, text, cancellationToken);
    }

    public ValueTask<OperationResult<Conversation>> PostBotMessageAsync(ConversationId conversation, string botName, string text, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(botName);
        return CheckName(botName, "bot name") is { } invalid
            ? ValueTask.FromResult(OperationResult<Conversation>.Failure(invalid))
            : PostAutomatedMessageAsync(conversation, AuthorKind.Bot, botName, text, cancellationToken);
    }

    private async ValueTask<OperationResult<Conversation>> PostAutomatedMessageAsync(ConversationId conversation, AuthorKind kind, string? author, string text, CancellationToken cancellationToken)
    {
        Require.Id(conversation);
        if (CheckText(text, "message") is { } invalid)
        {
            return OperationResult<Conversation>.Failure(invalid);
        }

        return await ChangeAsync(conversation, Actor.System, (current, now) =>
        {
            if (!current.IsOpen)
            {
                return ValueTask.FromResult(ConversationChange.Refuse(Closed(current.Id, "written to")));
            }

            var message = NewMessage(current, kind, author, text, now, null);
            return ValueTask.FromResult(ConversationChange.Store(Append(current, message)) with { Posted = message });
        }, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<OperationResult> SetTypingAsync(ConversationId conversation, Actor actor, bool isTyping, CancellationToken cancellationToken = default)
    {
        Require.Id(conversation);
        Require.Valid(actor);
        var current = await conversations.GetAsync(conversation, cancellationToken).ConfigureAwait(false);
        if (current is null)
        {
            return OperationResult.Failure(OperationErrorCode.NotFound, NotFound(conversation).Message);
        }

        if (!current.IsOpen)
        {
            return OperationResult.Failure(OperationErrorCode.ConversationClosed, Closed(conversation, "typed in").Message);
        }

        var involved = actor.Kind switch
        {
            AuthorKind.Contact => actor.Id == current.ContactId.Value,
            AuthorKind.Agent => current.Involves(actor.AgentId!.Value),
            _ => false,
        };
        if (!involved)
        {
            return OperationResult.Failure(OperationErrorCode.NotPermitted, $"{actor} is not part of conversation '{conversation}' and cannot type in it.");
        }

        if (!events.HasPublishers)
        {
            return OperationResult.Success;
        }

        var now = clock.GetCurrentInstant();
        if (!isTyping)
        {
            // An explicit stop always passes the throttle; it also cancels the pending expiry.
            _typing.Stop(conversation, actor, generation: null);
            await events.PublishAsync(new TypingChanged(now, conversation, actor, false), cancellationToken).ConfigureAwait(false);
            return OperationResult.Success;
        }

        // Throttled: at most one "typing" per actor and conversation per interval. Expiring: a "stopped typing" after
        // TypingExpiry of silence, through the scheduling port, so a host can forward the events to screens as they are.
        var (publish, generation) = _typing.Typing(conversation, actor, now, _options.TypingThrottleInterval);
        if (_scheduler is not null)
        {
            var handle = _scheduler.Scheduler.Schedule(now + _options.TypingExpiry, async ct =>
            {
                if (_typing.Stop(conversation, actor, generation))
                {
                    await events.PublishAsync(new TypingChanged(clock.GetCurrentInstant(), conversation, actor, false), ct).ConfigureAwait(false);
                }
            });
            _typing.SetExpiry(conversation, actor, generation, handle);
        }

        if (publish)
        {
            await events.PublishAsync(new TypingChanged(now, conversation, actor, true), cancellationToken).ConfigureAwait(false);
        }

        return OperationResult.Success;
    }

    public async ValueTask<OperationResult<Conversation>> InviteAsync(ConversationId conversation, AgentId agent, string username, CancellationToken cancellationToken = default)
    {
        Require.Id(conversation);
        Require.Id(agent);
        var name = username?.Trim().TrimStart('@') ?? string.Empty;
        if (name.Length == 0 || name.Any(char.IsWhiteSpace))
        {
            return OperationResult<Conversation>.Failure(OperationErrorCode.InvalidArgument, $"'{Require.Shorten(username)}' is not a user name; use /invite @username.");
        }

        if (CheckName(name, "user name to invite") is { } badName)
        {
            return OperationResult<Conversation>.Failure(badName);
        }

        var (actor, error) = await LoadActorAsync(agent, AgentPermissions.InviteParticipants, cancellationToken).ConfigureAwait(false);
        if (error is not null)
        {
            return OperationResult<Conversation>.Failure(error);
        }

        var invited = await agents.FindByUsernameAsync(name, cancellationToken).ConfigureAwait(false);
        if (invited is null || invited.Deactivated || !(invited.IsOmnichannelAgent || (access.PermissionsOf(invited) & AgentPermissions.JoinConversation) != 0))
        {
            return OperationResult<Conversation>.Failure(OperationErrorCode.NotAnOmnichannelAgent, "User is not an Omnichannel Agent");
        }

        return await ChangeAsync(conversation, Actor.Agent(agent), (current, now) =>
        {
            if (!current.IsOpen)
            {
                return ValueTask.FromResult(ConversationChange.Refuse(Closed(current.Id, "joined")));
            }

            if (RequireServing(actor!, current, allowParticipants: true) is { } notServing)
            {
                return ValueTask.FromResult(ConversationChange.Refuse(notServing));
            }

            if (current.Involves(invited.Id))
            {
                return ValueTask.FromResult(ConversationChange.Refuse(OperationErrorCode.InvalidArgument, $"User '@{invited.Username}' is already in conversation '{current.Id}'."));
            }

            var notice = NewMessage(current, AuthorKind.System, null, $"@{actor!.Agent.Username} invited @{invited.Username}.", now, null);
            return ValueTask.FromResult(ConversationChange.Store(Append(current, notice) with { Participants = current.Participants.Add(invited.Id) }) with
            {
                Posted = notice,
                Event = stored => new ParticipantInvited(now, stored, agent, invited.Id),
            });
        }, cancellationToken).ConfigureAwait(false);
    }

    private ValueTask<OperationResult<Conversation>> RunSlashCommandAsync(ConversationId conversation, AgentId agent, string text, CancellationToken cancellationToken)
    {
        var parts = text.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return string.Equals(parts[0], InviteCommand, StringComparison.OrdinalIgnoreCase)
            ? InviteAsync(conversation, agent, parts.Length > 1 ? parts[1] : string.Empty, cancellationToken)
            : ValueTask.FromResult(OperationResult<Conversation>.Failure(OperationErrorCode.InvalidArgument, $"Unknown command '{parts[0]}'; the only command is /invite @username."));
    }

    public async ValueTask<OperationResult<Conversation>> UpdateRoomInformationAsync(ConversationId conversation, AgentId agent, RoomInformationUpdate update, CancellationToken cancellationToken = default)
    {
        Require.Id(conversation);
        Require.Id(agent);
        ArgumentNullException.ThrowIfNull(update);
        if (update.Topic is not null && CheckText(update.Topic, "topic", allowEmpty: true) is { } invalid)
        {
            return OperationResult<Conversation>.Failure(invalid);
        }

        var priority = update.Priority;
        if (priority is { Name: { } priorityName })
        {
            var configured = _options.Priorities.FirstOrDefault(p => string.Equals(p, priorityName, StringComparison.OrdinalIgnoreCase));
            if (configured is null)
            {
                return OperationResult<Conversation>.Failure(OperationErrorCode.InvalidArgument,
                    $"Priority '{Require.Shorten(priorityName)}' is not configured; choose None or one of: {string.Join(", ", _options.Priorities)}. The list is OmnichannelOptions.Priorities.");
            }

            priority = new ConversationPriority(configured);
        }

        ServiceLevelPolicy? serviceLevel = null;
        if (update.ServiceLevel is { Length: > 0 } levelName)
        {
            serviceLevel = _options.ServiceLevelPolicies.FirstOrDefault(p => string.Equals(p.Name, levelName.Trim(), StringComparison.OrdinalIgnoreCase));
            if (serviceLevel is null)
            {
                return OperationResult<Conversation>.Failure(OperationErrorCode.InvalidArgument, _options.ServiceLevelPolicies.Count == 0
                    ? $"Service level '{Require.Shorten(levelName)}' is not configured; no service-level policies are (OmnichannelOptions.ServiceLevelPolicies)."
                    : $"Service level '{Require.Shorten(levelName)}' is not configured; choose one of: {string.Join(", ", _options.ServiceLevelPolicies.Select(p => p.Name))}, or an empty name to remove it. The list is OmnichannelOptions.ServiceLevelPolicies.");
            }
        }

        ImmutableDictionary<string, string>? customFields = null;
        if (update.CustomFields is not null)
        {
            if ((CheckCustomFieldValues(update.CustomFields) ?? CustomFieldRules.Check(update.CustomFields, CustomFieldScope.Conversation, _options.CustomFields, $"Conversation '{conversation}'")) is { } badField)
            {
                return OperationResult<Conversation>.Failure(badField);
            }

            customFields = update.CustomFields.ToImmutableDictionary(StringComparer.Ordinal);
        }

        if (CheckTags(update.Tags) is { } invalidField)
        {
            return OperationResult<Conversation>.Failure(invalidField);
        }

        var (actor, error) = await LoadActorAsync(agent, AgentPermissions.EditRoomInformation, cancellationToken).ConfigureAwait(false);
        if (error is not null)
        {
            return OperationResult<Conversation>.Failure(error);
        }

        return await ChangeAsync(conversation, Actor.Agent(agent), async (current, now) =>
        {
            if (!current.IsOpen)
            {
                return ConversationChange.Refuse(Closed(current.Id, "edited"));
            }

            if (RequireServing(actor!, current, allowParticipants: true) is { } notServing)
            {
                return ConversationChange.Refuse(notServing);
            }

            // A service level orders the queue (the anchor's inquiry.setSLA "fails if inquiry is not queued"): it changes only
            // while the conversation waits there. Sending back the one it has is no change, so an edit form may round-trip it.
            if (update.ServiceLevel is not null && current.State != ConversationState.Queued
                && !string.Equals(serviceLevel?.Name, current.ServiceLevel, StringComparison.OrdinalIgnoreCase))
            {
                return ConversationChange.Refuse(OperationErrorCode.InvalidTransition,
                    $"Conversation '{current.Id}' is {current.State}: its service level orders the queue, so agent '{agent}' can set or remove it only while the conversation is queued; it stays {(current.ServiceLevel is { } level ? $"'{level}'" : "none")}.");
            }

            // Tags edited here obey the same rule as UpdateTagsAsync and the close: only those the department offers.
            var tags = current.Tags;
            if (update.Tags is not null)
            {
                var department = await departments.GetAsync(current.DepartmentId, cancellationToken).ConfigureAwait(false);
                var offered = await OfferedTagsAsync(department, current.DepartmentId, cancellationToken).ConfigureAwait(false);
                (tags, var notOffered) = OfferedOnly(current, offered, update.Tags);
                if (notOffered is not null)
                {
                    return ConversationChange.Refuse(notOffered);
                }
            }

            return ConversationChange.Store(current with
            {
                Topic = update.Topic is null ? current.Topic : (TextRules.IsBlank(update.Topic) ? null : update.Topic.Trim()),
                Priority = priority ?? current.Priority,
                Tags = tags,
                CustomFields = customFields is null ? current.CustomFields : WithCustomFields(current.CustomFields, customFields),
                ServiceLevel = update.ServiceLevel is null ? current.ServiceLevel : serviceLevel?.Name,
                ServiceLevelDueAt = update.ServiceLevel is null ? current.ServiceLevelDueAt : current.CreatedAt + serviceLevel?.DueAfter,
            }) with { Event = stored => new RoomInformationChanged(now, stored, agent) };
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Custom field names and values as stored text: at most <see cref="ContactLimits.MaxCustomFields"/> fields, names one line, values storable free text.</summary>
    private static OperationError? CheckCustomFieldValues(IReadOnlyDictionary<string, string> fields)
    {
        if (fields.Count > ContactLimits.MaxCustomFields)
        {
            return new(OperationErrorCode.InvalidArgument, $"The edit has {fields.Count} custom fields; at most {ContactLimits.MaxCustomFields} are accepted.");
        }

        foreach (var (name, value) in fields)
        {
            if ((TextRules.Problem(name, "custom field name", ContactLimits.MaxCustomFieldNameLength, "ContactLimits.MaxCustomFieldNameLength", singleLine: true)
                ?? TextRules.Problem(value, $"value of custom field '{Require.Shorten(name)}'", ContactLimits.MaxCustomFieldValueLength, "ContactLimits.MaxCustomFieldValueLength", singleLine: false, allowEmpty: true)) is { } problem)
            {
                return new(OperationErrorCode.InvalidCustomField, problem);
            }
        }

        return null;
    }

    /// <summary>The conversation's custom fields after an edit: the fields named are set, an empty value removes one, others stay.</summary>
    private static ImmutableDictionary<string, string> WithCustomFields(ImmutableDictionary<string, string> current, ImmutableDictionary<string, string> changes)
    {
        var builder = current.ToBuilder();
        foreach (var (name, value) in changes)
        {
            if (string.IsNullOrEmpty(value))
            {
                builder.Remove(name.Trim());
            }
            else
            {
                builder[name.Trim()] = value;
            }
        }

        return builder.ToImmutable();
    }
}
