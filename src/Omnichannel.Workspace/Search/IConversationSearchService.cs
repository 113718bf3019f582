using Omnichannel.Operations;

namespace Omnichannel.Workspace.Search;

/// <summary>
/// Search within one conversation, as the agent's search and attachments panels do: its messages by plain text or
/// regular expression, and its attached files by name and kind. The agent must belong to the conversation's
/// department or be in the conversation.
/// </summary>
/// <remarks>Implementations are thread-safe.</remarks>
public interface IConversationSearchService
{
    /// <summary>
    /// Finds the messages matching a query, with every match's position for highlighting. Refusals:
    /// <see cref="OperationErrorCode.InvalidSearchPattern"/> for a pattern that does not parse, and
    /// <see cref="OperationErrorCode.SearchTimedOut"/> when the search does not finish within 100 ms (a pattern that
    /// would backtrack catastrophically) — it never hangs.
    /// </summary>
    /// <param name="conversation">The conversation.</param>
    /// <param name="agent">The agent searching.</param>
    /// <param name="query">What to look for.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The matches.</returns>
    ValueTask<OperationResult<MessageSearchResult>> SearchMessagesAsync(ConversationId conversation, AgentId agent, MessageSearchQuery query, CancellationToken cancellationToken = default);

    /// <summary>Lists the files attached to the conversation's messages, newest first, optionally filtered by name and kind.</summary>
    /// <param name="conversation">The conversation.</param>
    /// <param name="agent">The agent looking.</param>
    /// <param name="query">Name and kind filters; null lists every file.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The attachments.</returns>
    ValueTask<OperationResult<IReadOnlyList<AttachmentHit>>> ListAttachmentsAsync(ConversationId conversation, AgentId agent, AttachmentQuery? query = null, CancellationToken cancellationToken = default);
}
