using Omnichannel.Conversations;

namespace Omnichannel.Testing.Faults;

/// <summary>
/// Wraps a conversation store and makes chosen calls fail (<see cref="Faults"/>), to test what happens when a
/// write loses a race or the database is unreachable: retries, results, and that no event is published for a
/// change that was not stored. Calls the plan lets pass go to <see cref="Inner"/> unchanged.
/// </summary>
/// <example>
/// <code>
/// var store = new FaultInjectingConversationStore(new InMemoryConversationStore());
/// store.Faults.ThrowConcurrencyConflict(ConversationStoreOperation.Save, times: 3);
/// services.AddSingleton&lt;IConversationStore&gt;(store);
/// services.AddOmnichannel();
/// </code>
/// </example>
/// <remarks>This type is thread-safe when <see cref="Inner"/> is.</remarks>
public sealed class FaultInjectingConversationStore : IConversationStore, IConversationListStore
{
    /// <summary>Wraps <paramref name="inner"/> with an empty plan: every call passes until rules are added.</summary>
    /// <param name="inner">The store that does the work.</param>
    /// <exception cref="ArgumentNullException"><paramref name="inner"/> is null.</exception>
    public FaultInjectingConversationStore(IConversationStore inner)
    {
        ArgumentNullException.ThrowIfNull(inner);
        Inner = inner;
    }

    /// <summary>The wrapped store.</summary>
    public IConversationStore Inner { get; }

    /// <summary>Which calls fail; also counts the calls made.</summary>
    public FaultPlan<ConversationStoreOperation> Faults { get; } = new();

    /// <inheritdoc />
    /// <exception cref="NotSupportedException">The wrapped store does not answer list queries.</exception>
    public ValueTask<ConversationPage> ListAsync(ConversationListQuery query, CancellationToken cancellationToken) =>
        Faults.RunAsync(ConversationStoreOperation.Query, () => Lists.ListAsync(query, cancellationToken));

    /// <inheritdoc />
    /// <exception cref="NotSupportedException">The wrapped store does not answer list queries.</exception>
    public ValueTask<int> CountQueuedAheadAsync(Conversation queued, QueuePlaceOrder order, CancellationToken cancellationToken) =>
        Faults.RunAsync(ConversationStoreOperation.Query, () => Lists.CountQueuedAheadAsync(queued, order, cancellationToken));

    private IConversationListStore Lists => Inner as IConversationListStore
        ?? throw new NotSupportedException($"The wrapped store ({Inner.GetType().Name}) does not implement IConversationListStore.");

    /// <inheritdoc />
    public ValueTask<Conversation?> GetAsync(ConversationId id, CancellationToken cancellationToken) =>
        Faults.RunAsync(ConversationStoreOperation.Get, () => Inner.GetAsync(id, cancellationToken));

    /// <inheritdoc />
    public ValueTask<(Conversation Conversation, bool Created)> CreateOrGetOpenAsync(ConversationWrite write, CancellationToken cancellationToken) =>
        Faults.RunAsync(ConversationStoreOperation.CreateOrGetOpen, () => Inner.CreateOrGetOpenAsync(write, cancellationToken));

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<Message>> ReadMessagesAsync(ConversationId id, int afterSequence, int limit, CancellationToken cancellationToken) =>
        Faults.RunAsync(ConversationStoreOperation.ReadMessages, () => Inner.ReadMessagesAsync(id, afterSequence, limit, cancellationToken));

    /// <inheritdoc />
    public ValueTask<Conversation> SaveAsync(ConversationWrite write, CancellationToken cancellationToken) =>
        Faults.RunAsync(ConversationStoreOperation.Save, () => Inner.SaveAsync(write, cancellationToken));

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<Conversation>> QueryAsync(ConversationQuery query, CancellationToken cancellationToken) =>
        Faults.RunAsync(ConversationStoreOperation.Query, () => Inner.QueryAsync(query, cancellationToken));

    /// <inheritdoc />
    public ValueTask<int> CountServedAsync(AgentId agent, DepartmentId? department, bool countOnHold, CancellationToken cancellationToken) =>
        Faults.RunAsync(ConversationStoreOperation.CountServed, () => Inner.CountServedAsync(agent, department, countOnHold, cancellationToken));
}
