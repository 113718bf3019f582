using System.Collections.Concurrent;
using Omnichannel.Notifications;

namespace Omnichannel.Core.Tests.TestSupport;

/// <summary>Keeps every published domain event, in order, for assertions. Thread-safe.</summary>
public sealed class RecordingEventPublisher : IDomainEventPublisher
{
    private readonly ConcurrentQueue<DomainEvent> _events = new();

    public IReadOnlyList<DomainEvent> Events => [.. _events];

    public IReadOnlyList<T> OfType<T>()
        where T : DomainEvent => [.. _events.OfType<T>()];

    public void Clear() => _events.Clear();

    public ValueTask PublishAsync(DomainEvent domainEvent, CancellationToken cancellationToken)
    {
        _events.Enqueue(domainEvent);
        return ValueTask.CompletedTask;
    }
}
