using Omnichannel.Operations;
using Omnichannel.Workspace.Search;

namespace Omnichannel.Workspace.Contacts;

/// <summary>
/// A contact's chat history: their earlier (closed) conversations, each with its last closing message, and a search
/// across their messages. Department isolation holds: an agent sees the conversations of their departments and those
/// they were in, never others.
/// </summary>
/// <remarks>Implementations are thread-safe.</remarks>
public interface IContactHistoryService
{
    /// <summary>The contact's closed conversations the agent may see, most recently closed first.</summary>
    /// <param name="contact">The contact.</param>
    /// <param name="agent">The agent looking (an omnichannel agent or manager).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The history.</returns>
    ValueTask<OperationResult<ContactHistory>> GetHistoryAsync(ContactId contact, AgentId agent, CancellationToken cancellationToken = default);

    /// <summary>Opens the chat history of a conversation's contact (the history icon of the conversation); the conversation itself is left out.</summary>
    /// <param name="conversation">The conversation the agent is in or may see.</param>
    /// <param name="agent">The agent looking.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The history.</returns>
    ValueTask<OperationResult<ContactHistory>> GetHistoryForConversationAsync(ConversationId conversation, AgentId agent, CancellationToken cancellationToken = default);

    /// <summary>
    /// Searches the messages of the contact's history (the same conversations as <see cref="GetHistoryAsync"/>), with the
    /// rules and the 100 ms budget of <see cref="IConversationSearchService.SearchMessagesAsync"/> for the whole search.
    /// Matches come most recently closed conversation first, then in message order.
    /// </summary>
    /// <param name="contact">The contact.</param>
    /// <param name="agent">The agent searching.</param>
    /// <param name="query">What to look for.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The matches, each naming its conversation.</returns>
    ValueTask<OperationResult<MessageSearchResult>> SearchHistoryAsync(ContactId contact, AgentId agent, MessageSearchQuery query, CancellationToken cancellationToken = default);
}
