using Omnichannel.Agents;
using Omnichannel.Contacts;
using Omnichannel.Conversations;
using Omnichannel.Operations;
using Omnichannel.Validation;
using Omnichannel.Access;
using Omnichannel.Workspace.Search;

namespace Omnichannel.Workspace.Contacts;

/// <summary>Lists and searches a contact's closed conversations through <see cref="IConversationStore.QueryAsync"/>.</summary>
/// <remarks>Thread-safe: it keeps no state between calls.</remarks>
internal sealed class ContactHistoryService(IConversationStore conversations, IContactStore contacts, IAccessPolicy access) : IContactHistoryService
{
    private static readonly ConversationState[] ClosedOnly = [ConversationState.Closed];
    private static readonly ConversationState[] OpenStates = [ConversationState.Queued, ConversationState.Taken, ConversationState.OnHold, ConversationState.Forwarded];

    public async ValueTask<OperationResult<ContactHistory>> GetHistoryAsync(ContactId contact, AgentId agent, CancellationToken cancellationToken = default)
    {
        Require.Id(contact);
        Require.Id(agent);
        var (viewer, error) = await LoadAgentAsync(agent, cancellationToken).ConfigureAwait(false);
        return error is not null
            ? OperationResult<ContactHistory>.Failure(error)
            : await HistoryAsync(contact, viewer!, except: null, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<OperationResult<ContactHistory>> GetHistoryFromSourceAsync(ContactId contact, AgentId agent, ContactHistoryFilter filter, CancellationToken cancellationToken = default)
    {
        Require.Id(contact);
        Require.Id(agent);
        ArgumentNullException.ThrowIfNull(filter);
        if (((filter.ChannelType is null ? null : ChannelTypeProblem(filter.ChannelType))
            ?? (filter.App is null ? null : TextRules.Problem(filter.App, "source app", 256, "256 characters", singleLine: true))) is { } problem)
        {
            return OperationResult<ContactHistory>.Failure(OperationErrorCode.InvalidArgument, problem);
        }

        var (viewer, error) = await LoadAgentAsync(agent, cancellationToken).ConfigureAwait(false);
        if (error is not null)
        {
            return OperationResult<ContactHistory>.Failure(error);
        }

        var history = await HistoryAsync(contact, viewer!, except: null, cancellationToken).ConfigureAwait(false);
        return history.Succeeded
            ? OperationResult<ContactHistory>.Ok(history.Value! with { Conversations = [.. history.Value!.Conversations.Where(e => filter.Matches(e.Source))] })
            : history;
    }

    public async ValueTask<OperationResult<ContactHistory>> GetHistoryForConversationAsync(ConversationId conversation, AgentId agent, CancellationToken cancellationToken = default)
    {
        Require.Id(conversation);
        Require.Id(agent);
        var (viewer, error) = await LoadAgentAsync(agent, cancellationToken).ConfigureAwait(false);
        if (error is not null)
        {
            return OperationResult<ContactHistory>.Failure(error);
        }

        var current = await conversations.GetAsync(conversation, cancellationToken).ConfigureAwait(false);
        if (current is null)
        {
            return OperationResult<ContactHistory>.Failure(OperationErrorCode.NotFound, $"Conversation '{conversation}' does not exist.");
        }

        return viewer!.RequireSee(current) is { } hidden
            ? OperationResult<ContactHistory>.Failure(hidden)
            : await HistoryAsync(current.ContactId, viewer!, except: conversation, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<OperationResult<MessageSearchResult>> SearchHistoryAsync(ContactId contact, AgentId agent, MessageSearchQuery query, CancellationToken cancellationToken = default)
    {
        Require.Id(contact);
        Require.Id(agent);
        ArgumentNullException.ThrowIfNull(query);
        var (viewer, error) = await LoadAgentAsync(agent, cancellationToken).ConfigureAwait(false);
        if (error is not null)
        {
            return OperationResult<MessageSearchResult>.Failure(error);
        }

        var searcher = MessageSearcher.Create(query);
        if (!searcher.Succeeded)
        {
            return OperationResult<MessageSearchResult>.Failure(searcher.Error);
        }

        // As reading the history: a misspelt contact is not a history with no matches.
        if (await contacts.GetAsync(contact, cancellationToken).ConfigureAwait(false) is null)
        {
            return OperationResult<MessageSearchResult>.Failure(OperationErrorCode.NotFound, $"Contact '{contact}' does not exist.");
        }

        var visible = await VisibleClosedAsync(contact, viewer!, except: null, cancellationToken).ConfigureAwait(false);
        foreach (var conversation in visible)
        {
            if (!await searcher.Value.SearchAsync(conversations, conversation.Id, cancellationToken).ConfigureAwait(false))
            {
                break;
            }
        }

        return searcher.Value.Result($"the chat history of contact '{contact}' ({visible.Count} conversations)", visible.Sum(static c => c.MessageCount));
    }

    private async ValueTask<OperationResult<ContactHistory>> HistoryAsync(ContactId contactId, AgentAccess viewer, ConversationId? except, CancellationToken cancellationToken)
    {
        var contact = await contacts.GetAsync(contactId, cancellationToken).ConfigureAwait(false);
        if (contact is null)
        {
            return OperationResult<ContactHistory>.Failure(OperationErrorCode.NotFound, $"Contact '{contactId}' does not exist.");
        }

        var visible = await VisibleClosedAsync(contactId, viewer, except, cancellationToken).ConfigureAwait(false);
        var entries = new List<ContactHistoryEntry>(visible.Count);
        foreach (var conversation in visible)
        {
            entries.Add(ContactHistoryEntry.From(conversation, await LastAgentMessageAsync(conversation, cancellationToken).ConfigureAwait(false)));
        }

        return OperationResult<ContactHistory>.Ok(new(contact, [.. entries]));
    }

    /// <summary>The last message an agent wrote: usually among the last few before the close, so one small read.</summary>
    private async ValueTask<Message?> LastAgentMessageAsync(Conversation conversation, CancellationToken cancellationToken)
    {
        await foreach (var message in conversations.ReadBackwardsAsync(conversation, cancellationToken).ConfigureAwait(false))
        {
            if (message.AuthorKind == AuthorKind.Agent)
            {
                return message;
            }
        }

        return null;
    }

    /// <summary>The contact's closed conversations the agent may see, most recently closed first.</summary>
    private async ValueTask<List<Conversation>> VisibleClosedAsync(ContactId contact, AgentAccess viewer, ConversationId? except, CancellationToken cancellationToken)
    {
        var closed = await conversations.QueryAsync(new ConversationQuery { ContactId = contact, States = ClosedOnly }, cancellationToken).ConfigureAwait(false);
        var visible = closed.Where(c => c.Id != except && c.ClosedAt is not null && viewer.CanSee(c)).ToList();
        visible.Sort(static (x, y) => x.ClosedAt != y.ClosedAt ? y.ClosedAt!.Value.CompareTo(x.ClosedAt!.Value) : string.CompareOrdinal(x.Id.Value, y.Id.Value));
        return visible;
    }

    private async ValueTask<(AgentAccess? Agent, OperationError? Error)> LoadAgentAsync(AgentId id, CancellationToken cancellationToken)
    {
        var authorized = await access.AuthorizeAsync(id, AgentPermissions.ReadContact, "see a contact's chat history", cancellationToken).ConfigureAwait(false);
        return authorized.Succeeded ? (authorized.Value, null) : (null, authorized.Error);
    }

    public async ValueTask<OperationResult<PastConversation>> OpenPastConversationAsync(ConversationId past, AgentId agent, int afterSequence = 0, int limit = 100, CancellationToken cancellationToken = default)
    {
        Require.Id(past);
        Require.Id(agent);
        if (afterSequence < 0 || limit is < 1 or > ConversationStoreExtensions.MessagePageSize)
        {
            return OperationResult<PastConversation>.Failure(OperationErrorCode.InvalidArgument,
                $"A page of messages starts after a sequence of 0 or more and holds 1 to {ConversationStoreExtensions.MessagePageSize} messages; asked after {afterSequence} for {limit}.");
        }

        var (viewer, error) = await LoadAgentAsync(agent, cancellationToken).ConfigureAwait(false);
        if (error is not null)
        {
            return OperationResult<PastConversation>.Failure(error);
        }

        var conversation = await conversations.GetAsync(past, cancellationToken).ConfigureAwait(false);
        if (conversation is null)
        {
            return OperationResult<PastConversation>.Failure(OperationErrorCode.NotFound, $"Conversation '{past}' does not exist.");
        }

        if (conversation.IsOpen)
        {
            return OperationResult<PastConversation>.Failure(OperationErrorCode.InvalidArgument,
                $"Conversation '{past}' is still open ({conversation.State}); the chat history opens closed conversations only.");
        }

        // Whoever may see it opens it; so does an agent serving (or supervising) an open conversation of the same contact.
        if (viewer!.RequireSee(conversation) is { } hidden && !await ServesContactAsync(viewer, conversation.ContactId, cancellationToken).ConfigureAwait(false))
        {
            return OperationResult<PastConversation>.Failure(hidden);
        }

        var messages = await conversations.ReadMessagesAsync(past, afterSequence, limit, cancellationToken).ConfigureAwait(false);
        return OperationResult<PastConversation>.Ok(new PastConversation(conversation, messages));
    }

    private async ValueTask<bool> ServesContactAsync(AgentAccess viewer, ContactId contact, CancellationToken cancellationToken)
    {
        var open = await conversations.QueryAsync(new ConversationQuery { ContactId = contact, States = OpenStates }, cancellationToken).ConfigureAwait(false);
        return open.Any(c => c.Involves(viewer.Id) || viewer.Supervises(c.DepartmentId));
    }

    /// <summary>A channel type is a word of 1 to 32 letters, digits, '-', '_' or '.' (as a contact's channel type).</summary>
    private static string? ChannelTypeProblem(string type) =>
        type.Length is 0 or > 32 || !type.All(static c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')
            ? $"The channel type '{(type.Length > 40 ? type[..40] + "..." : type)}' is not valid: a word of 1 to 32 letters, digits, '-', '_' or '.', such as \"widget\"."
            : null;
}
