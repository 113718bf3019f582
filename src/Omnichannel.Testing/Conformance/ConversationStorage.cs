using Omnichannel.Conversations;
using Omnichannel.Outbox;

namespace Omnichannel.Testing.Conformance;

/// <summary>
/// The stores a conformance test runs against: a conversation store and the outbox its writes record jobs in
/// (<see cref="ConversationWrite.Outbox"/>), which must read the same storage.
/// </summary>
/// <remarks>This type is immutable and thread-safe; the stores it holds must be thread-safe themselves.</remarks>
public sealed class ConversationStorage
{
    /// <summary>Pairs a conversation store with the outbox its writes record jobs in.</summary>
    /// <param name="conversations">The conversation store.</param>
    /// <param name="outbox">The outbox that sees the jobs <paramref name="conversations"/> writes.</param>
    /// <exception cref="ArgumentNullException">A store is null.</exception>
    public ConversationStorage(IConversationStore conversations, IOutboxStore outbox)
    {
        ArgumentNullException.ThrowIfNull(conversations);
        ArgumentNullException.ThrowIfNull(outbox);
        Conversations = conversations;
        Outbox = outbox;
    }

    /// <summary>The conversation store.</summary>
    public IConversationStore Conversations { get; }

    /// <summary>The outbox that sees the jobs <see cref="Conversations"/> writes.</summary>
    public IOutboxStore Outbox { get; }

    /// <summary>Uses one object as both stores, as the in-memory default and most SQL adapters do.</summary>
    /// <typeparam name="TStore">A type implementing both ports.</typeparam>
    /// <param name="store">The store.</param>
    /// <returns>The pair.</returns>
    public static ConversationStorage Shared<TStore>(TStore store)
        where TStore : IConversationStore, IOutboxStore =>
        new(store, store);
}
