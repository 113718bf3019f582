namespace Omnichannel.Notifications;

/// <summary>A publisher that ignores every event: what a host gets when it registers none.</summary>
/// <remarks>This type is stateless and thread-safe.</remarks>
public sealed class NullDomainEventPublisher : IDomainEventPublisher
{
    /// <summary>The shared instance.</summary>
    public static NullDomainEventPublisher Instance { get; } = new();

    /// <inheritdoc />
    public ValueTask PublishAsync(DomainEvent domainEvent, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
