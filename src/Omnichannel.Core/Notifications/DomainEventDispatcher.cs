using Microsoft.Extensions.Logging;
using Omnichannel.Logging;

namespace Omnichannel.Notifications;

/// <summary>Hands each event to every registered publisher in order; a failing publisher is logged and skipped.</summary>
/// <remarks>Thread-safe: it holds only the immutable list of publishers.</remarks>
internal sealed class DomainEventDispatcher(IEnumerable<IDomainEventPublisher> publishers, ILogger<DomainEventDispatcher> logger)
{
    private readonly IDomainEventPublisher[] _publishers = publishers.ToArray();

    /// <summary>True when someone listens; callers skip building events otherwise.</summary>
    public bool HasPublishers => _publishers.Length > 0;

    public async ValueTask PublishAsync(DomainEvent domainEvent, CancellationToken cancellationToken)
    {
        foreach (var publisher in _publishers)
        {
            try
            {
                await publisher.PublishAsync(domainEvent, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.PublisherFailed(exception, publisher.GetType().Name, domainEvent.GetType().Name);
            }
        }
    }
}
