using System.Collections.Immutable;
using Omnichannel.Access;
using Omnichannel.Agents;
using Omnichannel.Departments;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NodaTime;
using Omnichannel.Contacts;
using Omnichannel.DependencyInjection;
using Omnichannel.Lifecycle;
using Omnichannel.Logging;
using Omnichannel.Notifications;
using Omnichannel.Operations;
using Omnichannel.Outbox;
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
        IAccessPolicy accessPolicy,
        IConversationListStore listStore,
        IEnumerable<IConversationCloseContributor> closeContributors,
        Tags.ITagStore tagStore,
        IEnumerable<IArrivalRules> arrivalRules,
        Scheduling.WorkSchedulerAccessor scheduler)
        : this(conversationStore, agentStore, departmentStore, contactStore, dispatcher, systemClock, idGenerator, optionsAccessor, serviceLogger, accessPolicy, listStore)
    {
        _closeContributors = [.. closeContributors];
        _tagStore = tagStore;
        _arrivalRules = arrivalRules.LastOrDefault();
        _scheduler = scheduler;
    }

    public async ValueTask<OperationResult<Conversation>> CloseAsync(ConversationId conversation, Actor actor, CloseRequest? request = null, CancellationToken cancellationToken = default)
    {
        Require.Id(conversation);
        Require.Valid(actor);
        request ??= CloseRequest.Empty;
        if (((request.Comment is null ? null : CheckText(request.Comment, "closing comment", allowEmpty: true)) ?? CheckTags(request.Tags)
            ?? (request.Reason is null ? null : CheckName(request.Reason, "close reason"))) is { } invalid)
        {
            return OperationResult<Conversation>.Failure(invalid);
        }

        if (actor.Kind == AuthorKind.Contact && !_options.AllowContactsToClose)
        {
            return OperationResult<Conversation>.Failure(OperationErrorCode.NotPermitted,
                $"Contact '{actor.Id}' cannot close conversation '{conversation}': contacts may not close conversations here (OmnichannelOptions.AllowContactsToClose).");
        }

        if (actor.AgentId is not null && _options.RequireCommentToClose && TextRules.IsBlank(request.Comment))
        {
            return OperationResult<Conversation>.Failure(OperationErrorCode.CommentRequired,
                $"Conversation '{conversation}' needs a closing comment (OmnichannelOptions.RequireCommentToClose); enter one to close it.");
        }

        AgentAccess? closer = null;
        if (actor.AgentId is { } agentId)
        {
            OperationError? error;
            (closer, error) = await LoadActorForChangeAsync(agentId, AgentPermissions.CloseConversation, cancellationToken).ConfigureAwait(false);
            if (error is not null)
            {
                return OperationResult<Conversation>.Failure(error);
            }
        }

        return await ChangeAsync(conversation, actor, (Actor: actor, Closer: closer, Request: request, CancellationToken: cancellationToken),
            static (service, s, current, now, fresh) => service.DecideCloseAsync(current, s.Actor, s.Closer, s.Request, now, fresh, s.CancellationToken), cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<OperationResult<Conversation>> ForceCloseAsync(ConversationId conversation, AgentId administrator, string? comment = null, CancellationToken cancellationToken = default)
    {
        Require.Id(conversation);
        Require.Id(administrator);
        if (comment is not null && CheckText(comment, "closing comment", allowEmpty: true) is { } invalid)
        {
            return OperationResult<Conversation>.Failure(invalid);
        }

        var (admin, error) = await LoadActorForChangeAsync(administrator, AgentPermissions.ForceClose, cancellationToken).ConfigureAwait(false);
        if (error is not null)
        {
            return OperationResult<Conversation>.Failure(error);
        }

        var request = new CloseRequest { Comment = comment };
        var closed = await ChangeAsync(conversation, Actor.Agent(administrator), (Actor: Actor.Agent(administrator), Closer: admin!, Request: request, CancellationToken: cancellationToken),
            static (service, s, current, now, fresh) => service.DecideCloseAsync(current, s.Actor, s.Closer, s.Request, now, fresh, s.CancellationToken, force: true), cancellationToken).ConfigureAwait(false);
        if (closed.Succeeded)
        {
            logger.ForceClosed(conversation, administrator);
        }

        return closed;
    }

    /// <summary>
    /// The close, decided on the first attempt from what the stores may remember (<paramref name="fresh"/> false): the write
    /// carries the versions of the agent (the closer, else the serving agent) and of the department it was decided from.
    /// </summary>
    private async ValueTask<ConversationChange> DecideCloseAsync(Conversation current, Actor actor, AgentAccess? closer, CloseRequest request, Instant now, bool fresh, CancellationToken cancellationToken, bool force = false)
    {
        if (closer is not null)
        {
            (var agent, var error) = await ActorForAttemptAsync(closer, force ? AgentPermissions.ForceClose : AgentPermissions.CloseConversation, fresh, cancellationToken).ConfigureAwait(false);
            if (error is not null)
            {
                return ConversationChange.Refuse(error);
            }

            closer = agent!;
        }

        if (Transition(current, ConversationTrigger.Close, "closed", out var closedState) is { } refused)
        {
            return refused;
        }

        // A forced close (a repair) needs the conversation in the administrator's sight, not serving it; a close needs either.
        if (closer is not null && (force ? closer.RequireSee(current) : RequireServing(closer, current)) is { } notServing)
        {
            return ConversationChange.Refuse(notServing);
        }

        if (actor.Kind == AuthorKind.Contact && actor.Id != current.ContactId.Value)
        {
            return ConversationChange.Refuse(OperationErrorCode.NotPermitted, $"Contact '{actor.Id}' cannot close conversation '{current.Id}' of contact '{current.ContactId}'.");
        }

        var department = fresh
            ? await departments.GetAsync(current.DepartmentId, cancellationToken).ConfigureAwait(false)
            : await departments.GetForChangeAsync(current.DepartmentId, cancellationToken).ConfigureAwait(false);
        // Tags chosen during the conversation stand when the close names none.
        var requestedTags = request.Tags is { Count: > 0 } ? request.Tags : (IReadOnlyList<string>)current.Tags;
        // The offered tags are read only when they decide something: tags to check, or a refusal that lists them.
        var offered = force || !NeedsOfferedTags(department, requestedTags, requireChoice: closer is not null) ? []
            : await OfferedTagsAsync(department, current.DepartmentId, cancellationToken).ConfigureAwait(false);
        // A forced close keeps the tags it has and ignores the department's tag and comment rules.
        var (tags, tagError) = force ? (current.Tags, (OperationError?)null) : ClosingTags(current, department, offered, requestedTags, requireChoice: closer is not null);
        if (tagError is not null)
        {
            return ConversationChange.Refuse(tagError);
        }

        // The serving agent's "always export PDF" / "always send email" apply whoever closes (also the contact).
        // The closer is usually the serving agent: their record is not read twice.
        var servingAgent = current.ServingAgentId is not { } serving ? null
            : closer?.Agent.Id == serving ? closer.Agent
            : closer is null && !fresh ? await agents.GetForChangeAsync(serving, cancellationToken).ConfigureAwait(false)
            : await agents.GetAsync(serving, cancellationToken).ConfigureAwait(false);
        var preferences = servingAgent?.TranscriptPreferences ?? default;
        var choices = request.Transcript.Union(new TranscriptChoices(preferences.AlwaysExportPdf, preferences.AlwaysSendEmail || _options.AlwaysSendTranscriptEmail));

        // The PDF goes to the closing agent, else the serving one; without the Request PDF Transcript permission an explicit
        // choice refuses the close, and a preference (or a contact's or the system's choice) is skipped, never queued to fail.
        if (choices.ExportPdf)
        {
            var recipient = closer?.Agent ?? servingAgent;
            var mayRequestPdf = closer is not null ? closer.Has(AgentPermissions.RequestPdfTranscript)
                : recipient is not null && access.PermissionsOf(recipient).HasFlag(AgentPermissions.RequestPdfTranscript);
            if (recipient is null || !mayRequestPdf)
            {
                var who = recipient is null ? "nobody serves it to receive it" : $"agent '{recipient.Id}' lacks the Request PDF Transcript permission";
                if (closer is not null && request.Transcript.ExportPdf)
                {
                    return ConversationChange.Refuse(OperationErrorCode.NotPermitted,
                        $"Conversation '{current.Id}' was not closed: \"export as PDF\" was chosen but {who}. Close without exporting the PDF, or ask a manager for the permission.");
                }

                choices = choices with
                {
                    ExportPdf = false,
                    PdfSkippedReason = $"The PDF transcript of conversation '{current.Id}' was skipped at close: {who}.",
                };
                logger.PdfSkippedAtClose(current.Id, choices.PdfSkippedReason);
            }
        }

        var closingComment = TextRules.IsBlank(request.Comment) ? null : request.Comment;
        var closeReason = string.IsNullOrWhiteSpace(request.Reason) ? null : request.Reason.Trim();
        // The system notice is numbered before the record is built, so the close makes one copy of the record (a system
        // message only counts: who wrote last and the response times stay, as Append does for it).
        var notice = NewMessage(current, AuthorKind.System, SystemMessageSources.Closed, CloseNoticeText(actor, closer?.Agent, closeReason, closingComment, force), now, null);
        var closed = current with
        {
            State = closedState,
            ClosedAt = now,
            ClosedBy = actor,
            ForceClosed = force,
            Tags = tags,
            ClosingComment = closingComment,
            CloseReason = closeReason,
            TranscriptChoices = choices,
            PendingForward = null,
            MessageCount = notice.Sequence,
        };

        // Jobs the close asks for (transcripts) are stored in the same atomic write: a stored close never loses one.
        var decidedFrom = closer?.Agent ?? servingAgent;
        return new ConversationChange(closed)
        {
            Posted = notice,
            Trigger = ConversationTrigger.Close,
            Outbox = await CloseJobsAsync(closed, closer?.Agent, cancellationToken).ConfigureAwait(false),
            // The copy above is held by nobody else unless a contributor was shown it (it may keep it): then the store copies.
            NextIsUnshared = _closeContributors.Length == 0,
            DecidedFromAgent = decidedFrom is null ? null : (decidedFrom.Id, decidedFrom.Version),
            DecidedFromDepartment = (current.DepartmentId, department?.Version ?? 0),
        };
    }

    /// <summary>Who closed it, why (the library's reason) and the closing comment, for the close's system message.</summary>
    private string CloseNoticeText(Actor actor, Agent? closer, string? closeReason, string? closingComment, bool force)
    {
        if (closer is not null && !force && TextRules.IsBlank(closingComment))
        {
            // The most frequent text, "{name} closed the conversation." (an agent's close gives no reason): one string per name.
            return _closedTexts.For(closer.Name);
        }

        var who = closer is not null ? $"{closer.Name} {(force ? "force closed" : "closed")} the conversation"
            : actor.Kind == AuthorKind.Contact ? "The contact closed the conversation"
            : "The conversation was closed";
        var reason = closer is null && closeReason is { } why ? $" ({why})" : "";
        return $"{who}{reason}.{CommentSuffix(closingComment)}";
    }

    /// <summary>
    /// True when the close's tags depend on the offered ones: some are requested (each must be offered), or the department
    /// requires a tag, has no default and the closer must choose (the refusal lists the offered ones).
    /// </summary>
    private static bool NeedsOfferedTags(Department? department, IReadOnlyList<string> requested, bool requireChoice)
    {
        foreach (var tag in requested)
        {
            if (!string.IsNullOrWhiteSpace(tag))
            {
                return true;
            }
        }

        return requireChoice && department is { RequireTagsOnClose: true, DefaultClosingTags.IsEmpty: true };
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
    /// The tags a conversation of <paramref name="departmentId"/> may record: the department's closing tags when it lists
    /// some, else the managed tags offered to it (its own and the global ones); empty means any tag.
    /// </summary>
    private async ValueTask<ImmutableArray<string>> OfferedTagsAsync(Department? department, DepartmentId departmentId, CancellationToken cancellationToken)
    {
        if (department is { ClosingTags.IsEmpty: false })
        {
            return department.ClosingTags;
        }

        var managed = await Tags.TagService.OfferedAsync(_tagStore, departmentId, cancellationToken).ConfigureAwait(false);
        return [.. managed.Select(t => t.Name)];
    }

    /// <summary>
    /// The tags to record: those given (trimmed, without duplicates), each one offered (<paramref name="offered"/>, the
    /// department's closing tags or its managed tags; a managed tag matches ignoring letter case and is recorded as defined).
    /// When none are given the department's default tags apply; a department that requires tags refuses an agent's close
    /// without any, while a contact's or the system's close never fails for tags.
    /// </summary>
    private static (ImmutableArray<string> Tags, OperationError? Error) ClosingTags(Conversation conversation, Department? department, ImmutableArray<string> offered, IReadOnlyList<string> requested, bool requireChoice)
    {
        var (tags, error) = OfferedOnly(conversation, offered, requested);
        if (error is not null || department is null)
        {
            return (tags, error);
        }

        if (tags.IsEmpty)
        {
            tags = department.DefaultClosingTags;
        }

        return tags.IsEmpty && department.RequireTagsOnClose && requireChoice
            ? (tags, new(OperationErrorCode.TagsRequired,
                $"Department '{department.Id}' requires at least one tag to close conversation '{conversation.Id}'; choose from: {string.Join(", ", offered)}."))
            : (tags, null);
    }

    /// <summary>The tags given, trimmed and without duplicates (ignoring letter case, as managed tag names; the first spelling is kept), each among <paramref name="offered"/> when it is not empty.</summary>
    private static (ImmutableArray<string> Tags, OperationError? Error) OfferedOnly(Conversation conversation, ImmutableArray<string> offered, IReadOnlyList<string> requested)
    {
        // Most closes name no tag: no query then.
        var tags = requested is not { Count: > 0 } ? []
            : requested.Where(t => !string.IsNullOrWhiteSpace(t)).Select(t => t.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).ToImmutableArray();
        if (offered.IsEmpty)
        {
            return (tags, null);
        }

        var builder = ImmutableArray.CreateBuilder<string>(tags.Length);
        foreach (var tag in tags)
        {
            var match = offered.Contains(tag) ? tag : offered.FirstOrDefault(o => string.Equals(o, tag, StringComparison.OrdinalIgnoreCase));
            if (match is null)
            {
                return (tags, new(OperationErrorCode.TagNotOffered,
                    $"Tag '{tag}' is not offered by department '{conversation.DepartmentId}'; choose from: {string.Join(", ", offered)}."));
            }

            if (!builder.Contains(match))
            {
                builder.Add(match);
            }
        }

        return (builder.ToImmutable(), null);
    }

    public async ValueTask<OperationResult<Conversation>> UpdateTagsAsync(ConversationId conversation, AgentId agent, IReadOnlyList<string> tags, CancellationToken cancellationToken = default)
    {
        Require.Id(conversation);
        Require.Id(agent);
        ArgumentNullException.ThrowIfNull(tags);
        if (CheckTags(tags) is { } invalid)
        {
            return OperationResult<Conversation>.Failure(invalid);
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
                return ConversationChange.Refuse(Closed(current.Id, "tagged"));
            }

            if (RequireServing(actor!, current, allowParticipants: true) is { } notServing)
            {
                return ConversationChange.Refuse(notServing);
            }

            var department = await departments.GetAsync(current.DepartmentId, cancellationToken).ConfigureAwait(false);
            var offered = await OfferedTagsAsync(department, current.DepartmentId, cancellationToken).ConfigureAwait(false);
            var (chosen, notOffered) = OfferedOnly(current, offered, tags);
            return notOffered is not null
                ? ConversationChange.Refuse(notOffered)
                : ConversationChange.Store(current with { Tags = chosen }) with { Event = stored => new RoomInformationChanged(now, stored, agent) };
        }, cancellationToken).ConfigureAwait(false);
    }
}
