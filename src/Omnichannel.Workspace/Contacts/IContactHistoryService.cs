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

    /// <summary>The contact's closed conversations the agent may see that came from a source (<see cref="ContactHistoryFilter"/>), most recently closed first.</summary>
    /// <param name="contact">The contact.</param>
    /// <param name="agent">The agent looking (an omnichannel agent or manager).</param>
    /// <param name="filter">The channel type and host app the conversations came from.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The history.</returns>
    ValueTask<OperationResult<ContactHistory>> GetHistoryFromSourceAsync(ContactId contact, AgentId agent, ContactHistoryFilter filter, CancellationToken cancellationToken = default);

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
    /// <returns>The matches, each naming its conversation; <see cref="OperationErrorCode.NotFound"/> for an unknown contact.</returns>
    ValueTask<OperationResult<MessageSearchResult>> SearchHistoryAsync(ContactId contact, AgentId agent, MessageSearchQuery query, CancellationToken cancellationToken = default);

    /// <summary>
    /// Chat history: opens a past (closed) conversation read-only, with a page of its messages. Allowed to an agent who
    /// may see it (access policy) and to one serving or supervising an open conversation of the same contact.
    /// </summary>
    /// <param name="past">The closed conversation.</param>
    /// <param name="agent">The agent, with <see cref="Agents.AgentPermissions.ReadContact"/>.</param>
    /// <param name="afterSequence">The page of messages starts after this number (0 for the first).</param>
    /// <param name="limit">The most messages, 1 to 256.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The conversation and the page of messages, or why not.</returns>
    ValueTask<OperationResult<PastConversation>> OpenPastConversationAsync(ConversationId past, AgentId agent, int afterSequence = 0, int limit = 100, CancellationToken cancellationToken = default);
}
