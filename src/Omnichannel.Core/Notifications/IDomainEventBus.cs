namespace Omnichannel.Notifications;

/// <summary>
/// The domain events of this process: subscriptions for components inside the library's host (routing subscribes here,
/// so it needs no service look-ups and no place among the host's publishers), and publishing for events those components
/// raise themselves (routing's offers and queue positions), which reach every registered <see cref="IDomainEventPublisher"/>
/// with the same isolation as the library's own events. <c>AddOmnichannel</c> registers the one instance.
/// </summary>
/// <remarks>
/// Thread-safe. Events are notifications of one process: a process that stops between a write and its events loses them,
/// so a subscriber that must not miss a change also re-reads the stores (routing reconciles).
/// </remarks>
public interface IDomainEventBus
{
    /// <summary>Adds a subscriber: from now on it hears every event, until the returned handle is disposed.</summary>
    /// <param name="subscriber">The subscriber.</param>
    /// <returns>Disposing it ends the subscription.</returns>
    IDisposable Subscribe(IDomainEventSubscriber subscriber);

    /// <summary>
    /// Hands an event to every subscriber, then to every registered publisher in order. A subscriber or publisher that
    /// throws, or times out, is logged and the others still run; only <paramref name="cancellationToken"/> being
    /// cancelled stops the publishers and propagates.
    /// </summary>
    /// <param name="domainEvent">The event.</param>
    /// <param name="cancellationToken">The caller's cancellation.</param>
    /// <returns>A task that completes when every publisher has run.</returns>
    ValueTask PublishAsync(DomainEvent domainEvent, CancellationToken cancellationToken);
}
