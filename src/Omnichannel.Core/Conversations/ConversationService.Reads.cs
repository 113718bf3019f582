using Omnichannel.Operations;
using Omnichannel.Access;
using Omnichannel.Agents;
using Omnichannel.Validation;

namespace Omnichannel.Conversations;

/// <summary>The reads: each takes the actor and asks the access policy (an agent sees their scope and what they are involved in; a contact their own).</summary>
internal sealed partial class ConversationService
{
    private static readonly ConversationState[] InProgressStates = [ConversationState.Taken, ConversationState.Forwarded];
    private static readonly ConversationState[] OnHoldOnly = [ConversationState.OnHold];

    public ValueTask<Conversation?> GetAsync(ConversationId conversation, CancellationToken cancellationToken = default)
    {
        Require.Id(conversation);
        return conversations.GetAsync(conversation, cancellationToken);
    }

    public async ValueTask<OperationResult<Conversation>> ViewAsync(ConversationId conversation, Actor actor, CancellationToken cancellationToken = default)
    {
        Require.Id(conversation);
        Require.Valid(actor);
        var (current, error) = await ReadCheckedAsync(conversation, actor, contactMay: true, "see the details", cancellationToken).ConfigureAwait(false);
        return error is null ? OperationResult<Conversation>.Ok(current!) : OperationResult<Conversation>.Failure(error);
    }

    public async ValueTask<OperationResult<IReadOnlyList<Message>>> ReadMessagesAsync(ConversationId conversation, Actor actor, int afterSequence = 0, int limit = 100, CancellationToken cancellationToken = default)
    {
        Require.Id(conversation);
        Require.Valid(actor);
        if (afterSequence < 0 || limit is < 1 or > ConversationStoreExtensions.MessagePageSize)
        {
            return OperationResult<IReadOnlyList<Message>>.Failure(OperationErrorCode.InvalidArgument,
                $"A page of messages starts after a sequence of 0 or more and holds 1 to {ConversationStoreExtensions.MessagePageSize} messages; asked after {afterSequence} for {limit}.");
        }

        var (_, error) = await ReadCheckedAsync(conversation, actor, contactMay: true, "read the messages", cancellationToken).ConfigureAwait(false);
        return error is not null
            ? OperationResult<IReadOnlyList<Message>>.Failure(error)
            : OperationResult<IReadOnlyList<Message>>.Ok(await conversations.ReadMessagesAsync(conversation, afterSequence, limit, cancellationToken).ConfigureAwait(false));
    }

    public async ValueTask<OperationResult<RoomInformation>> GetRoomInformationAsync(ConversationId conversation, Actor actor, CancellationToken cancellationToken = default)
    {
        Require.Id(conversation);
        Require.Valid(actor);
        var (current, error) = await ReadCheckedAsync(conversation, actor, contactMay: false, "see the room information", cancellationToken).ConfigureAwait(false);
        if (error is not null)
        {
            return OperationResult<RoomInformation>.Failure(error);
        }

        var information = RoomInformation.From(current!, clock.GetCurrentInstant());
        var contact = await contacts.GetAsync(current!.ContactId, cancellationToken).ConfigureAwait(false);
        var agent = information.ServingAgentId is { } served ? await agents.GetAsync(served, cancellationToken).ConfigureAwait(false) : null;
        var department = await departments.GetAsync(current.DepartmentId, cancellationToken).ConfigureAwait(false);
        return OperationResult<RoomInformation>.Ok(information with
        {
            ContactName = contact?.Name,
            AgentUsername = agent?.Username,
            DepartmentName = department?.Name,
        });
    }

    public async ValueTask<OperationResult<IReadOnlyList<Conversation>>> ListQueuedAsync(AgentId agent, CancellationToken cancellationToken = default)
    {
        Require.Id(agent);
        var (actor, error) = await LoadActorAsync(agent, AgentPermissions.ViewQueue, cancellationToken).ConfigureAwait(false);
        if (error is not null)
        {
            return OperationResult<IReadOnlyList<Conversation>>.Failure(error);
        }

        // An Offline agent is not at work: their "Queued Chats" list is empty (not refused), as the anchor shows it.
        if (actor!.Agent.Status == AgentStatus.Offline)
        {
            return OperationResult<IReadOnlyList<Conversation>>.Ok([]);
        }

        var queued = new List<Conversation>();
        foreach (var department in (await ScopeOfAsync(actor, cancellationToken).ConfigureAwait(false)).OrderBy(d => d.Value, StringComparer.Ordinal))
        {
            queued.AddRange(await conversations.QueryAsync(new ConversationQuery { DepartmentId = department, States = QueuedOnly }, cancellationToken).ConfigureAwait(false));
        }

        // The order routing serves them in: priority, service-level due time, arrival (the order the place is counted in).
        queued.Sort(ServingOrder());
        return OperationResult<IReadOnlyList<Conversation>>.Ok(queued);
    }

    public async ValueTask<OperationResult<Conversation>> PreviewAsync(ConversationId conversation, AgentId agent, CancellationToken cancellationToken = default)
    {
        Require.Id(conversation);
        Require.Id(agent);
        var current = await conversations.GetAsync(conversation, cancellationToken).ConfigureAwait(false);
        if (current is null)
        {
            return OperationResult<Conversation>.Failure(NotFound(conversation));
        }

        var (actor, error) = await LoadActorAsync(agent, AgentPermissions.ViewQueue, cancellationToken).ConfigureAwait(false);
        error ??= actor!.RequireSee(current);
        return error is null ? OperationResult<Conversation>.Ok(current) : OperationResult<Conversation>.Failure(error);
    }

    public async ValueTask<OperationResult<ConversationPage>> ListConversationsAsync(AgentId agent, ConversationListQuery query, CancellationToken cancellationToken = default)
    {
        Require.Id(agent);
        ArgumentNullException.ThrowIfNull(query);
        // A default id in a filter names nothing: "serving agent default(AgentId)" would list nothing, silently.
        Require.Id(query.ServingAgentId);
        Require.Id(query.DepartmentId);
        Require.Id(query.ContactId);
        if (QueryProblem(query) is { } invalid)
        {
            return OperationResult<ConversationPage>.Failure(invalid);
        }

        var (actor, error) = await LoadActorAsync(agent, AgentPermissions.None, cancellationToken).ConfigureAwait(false);
        if (error is not null)
        {
            return OperationResult<ConversationPage>.Failure(error);
        }

        // The actor's scope replaces whatever scope the caller put in the query: nobody lists beyond what they may see.
        var scoped = query with
        {
            Departments = actor!.AllDepartments ? null : actor.ScopeDepartments,
            InvolvingAgent = actor.AllDepartments ? null : agent,
        };
        return OperationResult<ConversationPage>.Ok(await lists.ListAsync(scoped, cancellationToken).ConfigureAwait(false));
    }

    public ValueTask<OperationResult<ConversationPage>> ListInProgressAsync(AgentId agent, ConversationCursor? after = null, int limit = 50, CancellationToken cancellationToken = default) =>
        ListServedAsync(agent, InProgressStates, after, limit, cancellationToken);

    public ValueTask<OperationResult<ConversationPage>> ListOnHoldAsync(AgentId agent, ConversationCursor? after = null, int limit = 50, CancellationToken cancellationToken = default) =>
        ListServedAsync(agent, OnHoldOnly, after, limit, cancellationToken);

    public async ValueTask<OperationResult<QueuePlace>> GetQueuePlaceAsync(ConversationId conversation, Actor actor, CancellationToken cancellationToken = default)
    {
        Require.Id(conversation);
        Require.Valid(actor);
        var (current, error) = await ReadCheckedAsync(conversation, actor, contactMay: true, "see the place in the queue", cancellationToken).ConfigureAwait(false);
        if (error is not null)
        {
            return OperationResult<QueuePlace>.Failure(error);
        }

        if (current!.State != ConversationState.Queued)
        {
            return OperationResult<QueuePlace>.Failure(OperationErrorCode.InvalidTransition, $"Conversation '{conversation}' is {current.State}, not queued; it has no place in a queue.");
        }

        // Counted in the store, in the order of the "Queued Chats" list (the same comparer): the place is the index in that list.
        var position = await lists.CountQueuedAheadAsync(current, PlaceOrder(), cancellationToken).ConfigureAwait(false) + 1;
        // The serving slots of the department's Available agents, as routing's estimate counts them (1 for no limit).
        var department = await departments.GetAsync(current.DepartmentId, cancellationToken).ConfigureAwait(false);
        var slots = 0L;
        foreach (var member in await agents.ListByDepartmentAsync(current.DepartmentId, cancellationToken).ConfigureAwait(false))
        {
            if (member is { Status: AgentStatus.Available, Deactivated: false } && member.IsOmnichannelAgent)
            {
                slots += ClaimFor(member, department, current.DepartmentId, current.Channel).TightestLimit ?? 1;
            }
        }

        var wait = NodaTime.Duration.FromTicks(_options.EstimatedHandleTime.BclCompatibleTicks * position / Math.Max(1, slots));
        return OperationResult<QueuePlace>.Ok(new QueuePlace(conversation, position, wait));
    }

    /// <summary>The serving order with the configured priorities, shared by the "Queued Chats" list and the place in the queue.</summary>
    private IComparer<Conversation> ServingOrder() => PlaceOrder().ToComparer();

    /// <summary>The configured priorities' ranks, as the store counts the place in the queue with them.</summary>
    private QueuePlaceOrder PlaceOrder() => new(_options.Priorities);

    private async ValueTask<OperationResult<ConversationPage>> ListServedAsync(AgentId agent, ConversationState[] states, ConversationCursor? after, int limit, CancellationToken cancellationToken)
    {
        Require.Id(agent);
        var query = new ConversationListQuery { ServingAgentId = agent, States = states, After = after, Limit = limit };
        if (QueryProblem(query) is { } invalid)
        {
            return OperationResult<ConversationPage>.Failure(invalid);
        }

        var (_, error) = await LoadActorAsync(agent, AgentPermissions.None, cancellationToken).ConfigureAwait(false);
        return error is not null
            ? OperationResult<ConversationPage>.Failure(error)
            : OperationResult<ConversationPage>.Ok(await lists.ListAsync(query with { Departments = null }, cancellationToken).ConfigureAwait(false));
    }

    private static OperationError? QueryProblem(ConversationListQuery query)
    {
        if (query.Limit is < 1 or > ConversationListQuery.MaxLimit)
        {
            // Said here in one sentence: the exception's own message adds "(Parameter ...)" and "Actual value was" lines.
            return new(OperationErrorCode.InvalidArgument,
                $"A page of conversations holds 1 to {ConversationListQuery.MaxLimit} conversations; {query.Limit} were asked for (ConversationListQuery.Limit).");
        }

        try
        {
            query.Validate();
        }
        catch (ArgumentException exception)
        {
            return new(OperationErrorCode.InvalidArgument, exception.Message);
        }

        return query.Text is not null && TextRules.Problem(query.Text, "text filter", 200, "ConversationListQuery.Text", singleLine: true, allowEmpty: true) is { } problem
            ? new(OperationErrorCode.InvalidArgument, problem)
            : null;
    }

    /// <summary>The departments whose queues and conversations the agent sees.</summary>
    private async ValueTask<IEnumerable<DepartmentId>> ScopeOfAsync(AgentAccess actor, CancellationToken cancellationToken) =>
        actor.AllDepartments
            ? (await departments.ListAsync(cancellationToken).ConfigureAwait(false)).Select(static d => d.Id).Union(actor.Agent.Departments)
            : actor.ScopeDepartments;

    /// <summary>Reads a conversation for <paramref name="actor"/>: the system reads any; a contact their own (when <paramref name="contactMay"/>); an agent what the access policy lets them see.</summary>
    private async ValueTask<(Conversation? Conversation, OperationError? Error)> ReadCheckedAsync(ConversationId id, Actor actor, bool contactMay, string purpose, CancellationToken cancellationToken)
    {
        AgentAccess? reader = null;
        if (actor.AgentId is { } agentId)
        {
            var authorized = await access.AuthorizeAsync(agentId, AgentPermissions.None, purpose + $" of conversation '{id}'", cancellationToken).ConfigureAwait(false);
            if (!authorized.Succeeded)
            {
                return (null, authorized.Error);
            }

            reader = authorized.Value;
        }

        var current = await conversations.GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (current is null)
        {
            return (null, NotFound(id));
        }

        return actor.Kind switch
        {
            AuthorKind.System => (current, null),
            AuthorKind.Agent => reader!.RequireSee(current) is { } hidden ? (null, hidden) : (current, null),
            AuthorKind.Contact when contactMay && actor.Id == current.ContactId.Value => (current, null),
            _ => (null, new(OperationErrorCode.NotPermitted, $"{actor} cannot {purpose} of conversation '{id}'.")),
        };
    }
}
