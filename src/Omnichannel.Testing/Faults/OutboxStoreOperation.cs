using Omnichannel.Outbox;

namespace Omnichannel.Testing.Faults;

/// <summary>The calls of <see cref="IOutboxStore"/> a <see cref="FaultInjectingOutboxStore"/> can make fail.</summary>
public enum OutboxStoreOperation
{
    /// <summary><see cref="IOutboxStore.EnqueueAsync"/>.</summary>
    Enqueue = 0,

    /// <summary><see cref="IOutboxStore.TryLeaseAsync"/>.</summary>
    TryLease = 1,

    /// <summary><see cref="IOutboxStore.SaveAsync"/>.</summary>
    Save = 2,

    /// <summary><see cref="IOutboxStore.ListByConversationAsync"/>.</summary>
    ListByConversation = 3,
}
