using Omnichannel.Notifications;

namespace Omnichannel.Testing;

/// <summary>
/// A domain event publisher for tests: it records every event it receives, in the order received, so a test can
/// assert what the library announced. Register it like any publisher
/// (<c>services.AddSingleton&lt;IDomainEventPublisher&gt;(recorder)</c>).
/// </summary>
/// <remarks>
/// This type is thread-safe: events published concurrently are all recorded, and every accessor returns a
/// snapshot that later events do not change. Events of different conversations published at the same time are
/// recorded in the order the calls reached the recorder.
/// </remarks>
public sealed class RecordingDomainEventPublisher : IDomainEventPublisher
{
    private readonly Lock _sync = new();
    private readonly List<DomainEvent> _events = [];

    /// <summary>A snapshot of every recorded event, oldest first.</summary>
    public IReadOnlyList<DomainEvent> Events
    {
        get
        {
            lock (_sync)
            {
                return [.. _events];
            }
        }
    }

    /// <summary>How many events are recorded.</summary>
    public int Count
    {
        get
        {
            lock (_sync)
            {
                return _events.Count;
            }
        }
    }

    /// <summary>Records <paramref name="domainEvent"/>.</summary>
    /// <param name="domainEvent">The event.</param>
    /// <param name="cancellationToken">Checked before recording.</param>
    /// <returns>A completed task.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="domainEvent"/> is null.</exception>
    public ValueTask PublishAsync(DomainEvent domainEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(domainEvent);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_sync)
        {
            _events.Add(domainEvent);
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>A snapshot of the recorded events of type <typeparamref name="TEvent"/> (or derived from it), oldest first.</summary>
    /// <typeparam name="TEvent">The event type.</typeparam>
    /// <returns>The matching events.</returns>
    public IReadOnlyList<TEvent> OfType<TEvent>()
        where TEvent : DomainEvent
    {
        lock (_sync)
        {
            return [.. _events.OfType<TEvent>()];
        }
    }

    /// <summary>The most recent event of type <typeparamref name="TEvent"/>, or null when none was recorded.</summary>
    /// <typeparam name="TEvent">The event type.</typeparam>
    /// <returns>The last matching event, or null.</returns>
    public TEvent? LastOfType<TEvent>()
        where TEvent : DomainEvent
    {
        lock (_sync)
        {
            return _events.OfType<TEvent>().LastOrDefault();
        }
    }

    /// <summary>Forgets every recorded event, for example after a test's arrange phase.</summary>
    public void Clear()
    {
        lock (_sync)
        {
            _events.Clear();
        }
    }
}
