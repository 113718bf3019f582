using Microsoft.Extensions.Logging;
using Omnichannel.Logging;

namespace Omnichannel.Notifications;

/// <summary>
/// Hands each event to every subscriber, then to every registered publisher in order. Each one is isolated: an
/// exception or a timeout (an <see cref="OperationCanceledException"/> the caller did not ask for) is that one's failure,
/// logged, and the others still run. Only the caller's own cancellation propagates, because the caller asked for it.
/// </summary>
/// <remarks>Thread-safe: the publishers are an immutable array; subscriptions replace an immutable array under a lock.</remarks>
internal sealed class DomainEventDispatcher(IEnumerable<IDomainEventPublisher> publishers, ILogger<DomainEventDispatcher> logger) : IDomainEventBus
{
    private readonly IDomainEventPublisher[] _publishers = publishers.ToArray();
    private readonly Lock _sync = new();
    private IDomainEventSubscriber[] _subscribers = [];

    /// <summary>True when someone listens (a publisher or a subscriber); callers skip building events otherwise.</summary>
    public bool HasPublishers => _publishers.Length > 0 || Volatile.Read(ref _subscribers).Length > 0;

    public IDisposable Subscribe(IDomainEventSubscriber subscriber)
    {
        ArgumentNullException.ThrowIfNull(subscriber);
        lock (_sync)
        {
            _subscribers = [.. _subscribers, subscriber];
        }

        return new Subscription(this, subscriber);
    }

    public ValueTask PublishAsync(DomainEvent domainEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(domainEvent);
        // Subscribers first and whatever happens next: a publisher failing or the caller giving up must not hide a stored change from them.
        NotifySubscribers(domainEvent);

        // Only subscribers (routing in a host without publishers): done, without an async state machine per event.
        return _publishers.Length == 0 ? default : PublishToPublishersAsync(domainEvent, cancellationToken);
    }

    private void NotifySubscribers(DomainEvent domainEvent)
    {
        foreach (var subscriber in Volatile.Read(ref _subscribers))
        {
            try
            {
                subscriber.OnEvent(domainEvent);
            }
            catch (Exception exception)
            {
                logger.SubscriberFailed(exception, subscriber.GetType().Name, domainEvent.GetType().Name);
            }
        }
    }

    private async ValueTask PublishToPublishersAsync(DomainEvent domainEvent, CancellationToken cancellationToken)
    {
        foreach (var publisher in _publishers)
        {
            try
            {
                await publisher.PublishAsync(domainEvent, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw; // the caller's own cancellation
            }
            catch (Exception exception)
            {
                // Includes a publisher's own timeout (TaskCanceledException): its failure, not the caller's.
                logger.PublisherFailed(exception, publisher.GetType().Name, domainEvent.GetType().Name);
            }
        }
    }

    private void Unsubscribe(IDomainEventSubscriber subscriber)
    {
        lock (_sync)
        {
            _subscribers = [.. _subscribers.Where(s => !ReferenceEquals(s, subscriber))];
        }
    }

    private sealed class Subscription(DomainEventDispatcher dispatcher, IDomainEventSubscriber subscriber) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                dispatcher.Unsubscribe(subscriber);
            }
        }
    }
}
