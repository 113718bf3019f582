using Omnichannel.Agents;
using Omnichannel.Contacts;
using Omnichannel.Conversations;
using Omnichannel.Operations;
using Omnichannel.Storage;
using Omnichannel.Validation;
using Omnichannel.Workspace.Search;

namespace Omnichannel.Workspace.Contacts;

/// <summary>Lists and searches a contact's closed conversations through <see cref="IConversationStore.QueryAsync"/>.</summary>
/// <remarks>Thread-safe: it keeps no state between calls.</remarks>
internal sealed class ContactHistoryService(IConversationStore conversations, IContactStore contacts, IAgentStore agents) : IContactHistoryService
{
    private static readonly ConversationState[] ClosedOnly = [ConversationState.Closed];

    public async ValueTask<OperationResult<ContactHistory>> GetHistoryAsync(ContactId contact, AgentId agent, CancellationToken cancellationToken = default)
    {
        Require.Id(contact);
        Require.Id(agent);
        var (viewer, error) = await LoadAgentAsync(agent, cancellationToken).ConfigureAwait(false);
        return error is not null
            ? OperationResult<ContactHistory>.Failure(error)
            : await HistoryAsync(contact, viewer!, except: null, cancellationToken).ConfigureAwait(false);
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
            return OperationResult<ContactHistory>.Failure(AgentAccess.ConversationNotFound(conversation));
        }

        return AgentAccess.RequireMayView(viewer!, current) is { } hidden
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

    private async ValueTask<OperationResult<ContactHistory>> HistoryAsync(ContactId contactId, Agent viewer, ConversationId? except, CancellationToken cancellationToken)
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
    private async ValueTask<List<Conversation>> VisibleClosedAsync(ContactId contact, Agent viewer, ConversationId? except, CancellationToken cancellationToken)
    {
        var closed = await conversations.QueryAsync(new ConversationQuery { ContactId = contact, States = ClosedOnly }, cancellationToken).ConfigureAwait(false);
        var visible = closed.Where(c => c.Id != except && c.ClosedAt is not null && AgentAccess.RequireMayView(viewer, c) is null).ToList();
        visible.Sort(static (x, y) => x.ClosedAt != y.ClosedAt ? y.ClosedAt!.Value.CompareTo(x.ClosedAt!.Value) : string.CompareOrdinal(x.Id.Value, y.Id.Value));
        return visible;
    }

    private async ValueTask<(Agent? Agent, OperationError? Error)> LoadAgentAsync(AgentId id, CancellationToken cancellationToken)
    {
        var agent = await agents.GetAsync(id, cancellationToken).ConfigureAwait(false);
        return agent is null
            ? (null, AgentAccess.AgentNotFound(id))
            : (agent, AgentAccess.RequireOmnichannelAgent(agent, AgentPermissions.None, "see a contact's chat history"));
    }
}
