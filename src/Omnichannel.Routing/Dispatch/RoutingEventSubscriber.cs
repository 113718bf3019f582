using Microsoft.Extensions.DependencyInjection;
using Omnichannel.Notifications;

namespace Omnichannel.Routing.Dispatch;

/// <summary>
/// Hands domain events to the router. It resolves the router on first use because the router depends on the
/// conversation service, which depends on the publishers: resolving eagerly would be a cycle.
/// </summary>
/// <remarks>Thread-safe.</remarks>
internal sealed class RoutingEventSubscriber(IServiceProvider services) : IDomainEventPublisher
{
    private RoutingEngine? _engine;

    public ValueTask PublishAsync(DomainEvent domainEvent, CancellationToken cancellationToken) =>
        (_engine ??= services.GetRequiredService<RoutingEngine>()).OnEventAsync(domainEvent, cancellationToken);
}
