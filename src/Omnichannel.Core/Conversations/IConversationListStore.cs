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

    /// <summary>
    /// How many queued conversations of <paramref name="queued"/>'s department come before it in the serving order
    /// (<see cref="QueueOrder.Compare"/> with <paramref name="order"/>'s priorities: configured priority rank, then
    /// <see cref="Conversation.ServiceLevelDueAt"/> (none last), then <see cref="Conversation.QueuedAt"/>, then id,
    /// ordinal). Counted in the store over the department's queued conversations, without reading them out: the contact's
    /// place in the queue is this count + 1, its index in the "Queued Chats" list.
    /// </summary>
    /// <param name="queued">The queued conversation, with the values it is compared by.</param>
    /// <param name="order">The configured priorities and their ranks.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The number of the department's other queued conversations served before it.</returns>
    ValueTask<int> CountQueuedAheadAsync(Conversation queued, QueuePlaceOrder order, CancellationToken cancellationToken);
}
