using NodaTime;
using Omnichannel.Conversations;
using Omnichannel.Outbox;
using Omnichannel.Storage;

namespace Omnichannel.Testing.Faults;

/// <summary>
/// Wraps an outbox store and makes chosen calls fail (<see cref="Faults"/>), to test delivery workers: a lease
/// that cannot be taken, a completion that loses its lease (<see cref="ConcurrencyConflictException"/>), or a
/// completion stored but unacknowledged (<see cref="FaultTiming.AfterCall"/>). Calls the plan lets pass go to
/// <see cref="Inner"/> unchanged.
/// </summary>
/// <remarks>
/// This type is thread-safe when <see cref="Inner"/> is. Jobs written together with a conversation
/// (<see cref="ConversationWrite.Outbox"/>) go through the conversation store, not through this wrapper.
/// </remarks>
public sealed class FaultInjectingOutboxStore : IOutboxStore
{
    /// <summary>Wraps <paramref name="inner"/> with an empty plan: every call passes until rules are added.</summary>
    /// <param name="inner">The store that does the work.</param>
    /// <exception cref="ArgumentNullException"><paramref name="inner"/> is null.</exception>
    public FaultInjectingOutboxStore(IOutboxStore inner)
    {
        ArgumentNullException.ThrowIfNull(inner);
        Inner = inner;
    }

    /// <summary>The wrapped store.</summary>
    public IOutboxStore Inner { get; }

    /// <summary>Which calls fail; also counts the calls made.</summary>
    public FaultPlan<OutboxStoreOperation> Faults { get; } = new();

    /// <inheritdoc />
    public ValueTask<OutboxMessage> EnqueueAsync(OutboxMessage message, CancellationToken cancellationToken) =>
        Faults.RunAsync(OutboxStoreOperation.Enqueue, () => Inner.EnqueueAsync(message, cancellationToken));

    /// <inheritdoc />
    public ValueTask<OutboxMessage?> TryLeaseAsync(string worker, Instant now, Duration leaseDuration, string? kind, CancellationToken cancellationToken) =>
        Faults.RunAsync(OutboxStoreOperation.TryLease, () => Inner.TryLeaseAsync(worker, now, leaseDuration, kind, cancellationToken));

    /// <inheritdoc />
    public ValueTask<OutboxMessage> SaveAsync(OutboxMessage message, CancellationToken cancellationToken) =>
        Faults.RunAsync(OutboxStoreOperation.Save, () => Inner.SaveAsync(message, cancellationToken));

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<OutboxMessage>> ListByConversationAsync(ConversationId conversation, CancellationToken cancellationToken) =>
        Faults.RunAsync(OutboxStoreOperation.ListByConversation, () => Inner.ListByConversationAsync(conversation, cancellationToken));
}
