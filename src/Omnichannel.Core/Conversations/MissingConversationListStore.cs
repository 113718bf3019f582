namespace Omnichannel.Conversations;

/// <summary>
/// Stands in when the registered conversation store does not answer the agent's views: every other operation works,
/// and a list or queue-place query says what to register.
/// </summary>
/// <remarks>Stateless and thread-safe.</remarks>
internal sealed class MissingConversationListStore(Type store) : IConversationListStore
{
    public ValueTask<ConversationPage> ListAsync(ConversationListQuery query, CancellationToken cancellationToken) => throw Missing();

    public ValueTask<int> CountQueuedAheadAsync(Conversation queued, QueuePlaceOrder order, CancellationToken cancellationToken) => throw Missing();

    private NotSupportedException Missing() =>
        new($"The registered conversation store ({store.Name}) does not implement IConversationListStore, which the agent's views need; implement it on the store or register an IConversationListStore.");
}
