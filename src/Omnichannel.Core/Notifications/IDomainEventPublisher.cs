namespace Omnichannel.Notifications;

/// <summary>
/// Receives every domain event after the change it describes is stored. Register any number (the host's
/// push to agents' screens, routing, transcripts); the library calls them in registration order. An exception
/// from one is logged and does not undo the change or stop the others.
/// </summary>
/// <remarks>Implementations must be thread-safe: events of different conversations are published concurrently.</remarks>
public interface IDomainEventPublisher
{
    /// <summary>Handles one event.</summary>
    /// <param name="domainEvent">The event.</param>
    /// <param name="cancellationToken">Cancels the handling.</param>
    /// <returns>A task that completes when the event is handled.</returns>
    ValueTask PublishAsync(DomainEvent domainEvent, CancellationToken cancellationToken);
}
