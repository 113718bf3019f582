namespace Omnichannel.Notifications;

/// <summary>
/// Hears every domain event of this process the moment its change is stored, before the host's publishers run, for
/// components that keep a view of the stores (routing): they must learn of every change, but must never slow down,
/// fail or be cancelled with the operation that made it. Subscribe through <see cref="IDomainEventBus.Subscribe"/>.
/// </summary>
/// <remarks>
/// Implementations must be thread-safe (operations on many threads store changes at once) and must return at once:
/// record the event or wake a worker, never block or do I/O on the caller's thread. An exception is logged and ignored.
/// </remarks>
public interface IDomainEventSubscriber
{
    /// <summary>Takes note of one stored change. Called on the thread that stored it, with no cancellation token on purpose.</summary>
    /// <param name="domainEvent">The event.</param>
    void OnEvent(DomainEvent domainEvent);
}
