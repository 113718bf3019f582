using Omnichannel.Notifications;

namespace Omnichannel.Routing.Tests.Support;

/// <summary>
/// Tampers with the events on their way to the router (and to nothing else): loses some, delivers some twice, holds some
/// back and delivers them later, after newer ones. Deterministic for a seed. Install it with
/// <see cref="ChaoticEventBus"/> in place of Core's bus.
/// </summary>
internal sealed class EventChaos(int seed, int losePercent, int duplicatePercent, int delayPercent)
{
    private readonly Random _random = new(seed);
    private readonly List<(IDomainEventSubscriber Subscriber, DomainEvent Event)> _held = [];

    public int Lost { get; private set; }

    public int Duplicated { get; private set; }

    public int Delayed { get; private set; }

    public void Deliver(IDomainEventSubscriber subscriber, DomainEvent domainEvent)
    {
        var roll = _random.Next(100);
        if (roll < losePercent)
        {
            Lost++;
        }
        else if (roll < losePercent + delayPercent)
        {
            Delayed++;
            _held.Add((subscriber, domainEvent));
        }
        else
        {
            subscriber.OnEvent(domainEvent);
            if (_random.Next(100) < duplicatePercent)
            {
                Duplicated++;
                subscriber.OnEvent(domainEvent);
            }
        }

        // Now and then an event held back arrives, late and out of order.
        if (_held.Count > 0 && _random.Next(3) == 0)
        {
            var index = _random.Next(_held.Count);
            var (late, held) = _held[index];
            _held.RemoveAt(index);
            late.OnEvent(held);
        }
    }

    /// <summary>Delivers every event still held back (late, in random order).</summary>
    public void ReleaseAll()
    {
        while (_held.Count > 0)
        {
            var index = _random.Next(_held.Count);
            var (late, held) = _held[index];
            _held.RemoveAt(index);
            late.OnEvent(held);
        }
    }
}

/// <summary>Core's bus, with <see cref="EventChaos"/> between it and every subscriber (the router); publishers are untouched.</summary>
internal sealed class ChaoticEventBus(IDomainEventBus inner, EventChaos chaos) : IDomainEventBus
{
    public IDisposable Subscribe(IDomainEventSubscriber subscriber) => inner.Subscribe(new Chaotic(subscriber, chaos));

    public ValueTask PublishAsync(DomainEvent domainEvent, CancellationToken cancellationToken) => inner.PublishAsync(domainEvent, cancellationToken);

    private sealed class Chaotic(IDomainEventSubscriber subscriber, EventChaos chaos) : IDomainEventSubscriber
    {
        public void OnEvent(DomainEvent domainEvent) => chaos.Deliver(subscriber, domainEvent);
    }
}
