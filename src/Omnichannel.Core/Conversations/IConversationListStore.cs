namespace Omnichannel.Conversations;

/// <summary>
/// The queries behind the agent's views, answered from indexes and in pages, never by loading every conversation.
/// The conversation stores of the library implement it (in memory, SQLite, PostgreSQL); <c>AddOmnichannel</c> takes it
/// from the registered <see cref="IConversationStore"/> when that store implements it.
/// </summary>
/// <remarks>Implementations are thread-safe.</remarks>
public interface IConversationListStore
{
    /// <summary>A page of the conversations matching <paramref name="query"/>, newest first (<see cref="ConversationCursor"/>).</summary>
    /// <param name="query">The filters, the scope, the cursor and the page size (<see cref="ConversationListQuery.Validate"/>).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The page.</returns>
    ValueTask<ConversationPage> ListAsync(ConversationListQuery query, CancellationToken cancellationToken);
}
