using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NodaTime;
using Omnichannel.Agents;
using Omnichannel.Contacts;
using Omnichannel.Conversations;
using Omnichannel.Departments;
using Omnichannel.DependencyInjection;
using Omnichannel.Lifecycle;
using Omnichannel.Notifications;
using Omnichannel.Operations;
using Omnichannel.Outbox;
using Omnichannel.Storage;
using Omnichannel.Validation;

namespace Omnichannel.Conversations;

/// <summary>Closing, with the department's tag rules and the transcript choices.</summary>
internal sealed partial class ConversationService
{
    private readonly IConversationCloseContributor[] _closeContributors = [];

    /// <summary>The constructor the container uses: the primary one plus the close contributors (none by default).</summary>
    public ConversationService(
        IConversationStore conversationStore,
        IAgentStore agentStore,
        IDepartmentStore departmentStore,
        IContactStore contactStore,
        DomainEventDispatcher dispatcher,
        IClock systemClock,
        IConversationIdGenerator idGenerator,
        IOptions<OmnichannelOptions> optionsAccessor,
        ILogger<ConversationService> serviceLogger,
        IEnumerable<IConversationCloseContributor> closeContributors)
        : this(conversationStore, agentStore, departmentStore, contactStore, dispatcher, systemClock, idGenerator, optionsAccessor, serviceLogger) =>
        _closeContributors = [.. closeContributors];

    public async ValueTask<OperationResult<Conversation>> CloseAsync(ConversationId conversation, Actor actor, CloseRequest? request = null, CancellationToken cancellationToken = default)
    {
        Require.Id(conversation);
        Require.Valid(actor);
        request ??= CloseRequest.Empty;
        if (((request.Comment is null ? null : CheckText(request.Comment, "closing comment", allowEmpty: true)) ?? CheckTags(request.Tags)) is { } invalid)
        {
            return OperationResult<Conversation>.Failure(invalid);
        }

        Agent? closer = null;
        if (actor.AgentId is { } agentId)
        {
            OperationError? error;
            (closer, error) = await LoadActorAsync(agentId, AgentPermissions.CloseConversation, cancellationToken).ConfigureAwait(false);
            if (error is not null)
            {
                return OperationResult<Conversation>.Failure(error);
            }
        }

        return await ChangeAsync(conversation, actor, (Actor: actor, Closer: closer, Request: request, CancellationToken: cancellationToken),
            static (service, s, current, now, _) => service.DecideCloseAsync(current, s.Actor, s.Closer, s.Request, now, s.CancellationToken), cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask<ConversationChange> DecideCloseAsync(Conversation current, Actor actor, Agent? closer, CloseRequest request, Instant now, CancellationToken cancellationToken)
    {
        if (Transition(current, ConversationTrigger.Close, "closed", out var closedState) is { } refused)
        {
            return refused;
        }

        if (closer is not null && RequireServing(closer, current) is { } notServing)
        {
            return ConversationChange.Refuse(notServing);
        }

        if (actor.Kind == AuthorKind.Contact && actor.Id != current.ContactId.Value)
        {
            return ConversationChange.Refuse(OperationErrorCode.NotPermitted, $"Contact '{actor.Id}' cannot close conversation '{current.Id}' of contact '{current.ContactId}'.");
        }

        var department = await departments.GetAsync(current.DepartmentId, cancellationToken).ConfigureAwait(false);
        var (tags, tagError) = ClosingTags(current, department, request.Tags, requireChoice: closer is not null);
        if (tagError is not null)
        {
            return ConversationChange.Refuse(tagError);
        }

        // The serving agent's "always export PDF" / "always send email" apply whoever closes (also the contact).
        var servingAgent = current.ServingAgentId is { } serving ? await agents.GetAsync(serving, cancellationToken).ConfigureAwait(false) : null;
        var preferences = servingAgent?.TranscriptPreferences ?? default;
        var choices = request.Transcript.Union(new TranscriptChoices(preferences.AlwaysExportPdf, preferences.AlwaysSendEmail));

        var closed = current with
        {
            State = closedState,
            ClosedAt = now,
            ClosedBy = actor,
            Tags = tags,
            ClosingComment = string.IsNullOrWhiteSpace(request.Comment) ? null : request.Comment,
            TranscriptChoices = choices,
            PendingForward = null,
        };

        // Jobs the close asks for (transcripts) are stored in the same atomic write: a stored close never loses one.
        return new ConversationChange(closed) { Trigger = ConversationTrigger.Close, Outbox = await CloseJobsAsync(closed, closer, cancellationToken).ConfigureAwait(false) };
    }

    private async ValueTask<IReadOnlyList<OutboxMessage>?> CloseJobsAsync(Conversation closed, Agent? closer, CancellationToken cancellationToken)
    {
        List<OutboxMessage>? jobs = null;
        foreach (var contributor in _closeContributors)
        {
            var contributed = await contributor.GetCloseJobsAsync(closed, closer, cancellationToken).ConfigureAwait(false);
            if (contributed.Count > 0)
            {
                (jobs ??= []).AddRange(contributed);
            }
        }

        return jobs;
    }

    /// <summary>The close request's tags: at most <see cref="OmnichannelOptions.MaxTagCount"/>, each one line of at most <see cref="OmnichannelOptions.MaxTagLength"/> (blank ones are dropped).</summary>
    private OperationError? CheckTags(IReadOnlyList<string>? tags)
    {
        if (tags is null)
        {
            return null;
        }

        if (tags.Count > _options.MaxTagCount)
        {
            return new(OperationErrorCode.InvalidArgument, $"The close request has {tags.Count} tags; at most {_options.MaxTagCount} are accepted. The limit is OmnichannelOptions.MaxTagCount.");
        }

        foreach (var tag in tags)
        {
            if (!string.IsNullOrWhiteSpace(tag) && TextRules.Problem(tag, "tag", _options.MaxTagLength, "OmnichannelOptions.MaxTagLength", singleLine: true) is { } problem)
            {
                return new(OperationErrorCode.InvalidArgument, problem);
            }
        }

        return null;
    }

    /// <summary>
    /// The tags to record: those given (trimmed, without duplicates), each one offered by the department when it
    /// offers a list. When none are given the department's default tags apply; a department that requires tags
    /// refuses an agent's close without any, while a contact's or the system's close never fails for tags.
    /// </summary>
    private static (ImmutableArray<string> Tags, OperationError? Error) ClosingTags(Conversation conversation, Department? department, IReadOnlyList<string> requested, bool requireChoice)
    {
        var tags = (requested ?? []).Where(t => !string.IsNullOrWhiteSpace(t)).Select(t => t.Trim()).Distinct(StringComparer.Ordinal).ToImmutableArray();
        if (department is null)
        {
            return (tags, null);
        }

        if (!department.ClosingTags.IsEmpty && tags.FirstOrDefault(t => !department.ClosingTags.Contains(t)) is { } unknown)
        {
            return (tags, new(OperationErrorCode.TagNotOffered,
                $"Tag '{unknown}' is not offered by department '{department.Id}'; choose from: {string.Join(", ", department.ClosingTags)}."));
        }

        if (tags.IsEmpty)
        {
            tags = department.DefaultClosingTags;
        }

        return tags.IsEmpty && department.RequireTagsOnClose && requireChoice
            ? (tags, new(OperationErrorCode.TagsRequired,
                $"Department '{department.Id}' requires at least one tag to close conversation '{conversation.Id}'; choose from: {string.Join(", ", department.ClosingTags)}."))
            : (tags, null);
    }
}
