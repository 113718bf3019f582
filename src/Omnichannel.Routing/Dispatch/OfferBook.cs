using NodaTime;
using Omnichannel.Notifications;
using Omnichannel.Routing.Events;

namespace Omnichannel.Routing.Dispatch;

/// <summary>
/// Offer mode: a reserved conversation is offered to one agent. Accepting assigns it; declining, or letting the offer
/// expire, passes that agent over for it for <see cref="RoutingOptions.RetryExcludedAgentAfter"/> (or until they go Away and
/// come back) and offers it on; after <see cref="RoutingOptions.MaxDeclines"/> declines it goes back to its place in the
/// queue and the decliners may be offered it again at once. So a missed offer delays a conversation, never strands it.
/// </summary>
/// <remarks>Thread-safe: offers are kept under the view's lock.</remarks>
internal sealed class OfferBook(StoreView view, IDomainEventBus bus, RoutingTimers timers, DispatchWork work, Timeouts timeouts, IClock clock, RoutingOptions options)
{
    private readonly Dictionary<ConversationId, Offer> _offers = [];

    /// <summary>Offers a reserved entry to its agent and publishes <see cref="ConversationOffered"/>.</summary>
    public async ValueTask OfferAsync(QueueEntry entry, Algorithms.RoutedAgent agent, CancellationToken cancellationToken)
    {
        var now = clock.GetCurrentInstant();
        var offer = new Offer(entry, agent, now + options.OfferTimeout);
        lock (view.Sync)
        {
            _offers[entry.Id] = offer;
            offer.Timeout = timers.Schedule(offer.ExpiresAt, expired =>
            {
                _ = Decline(offer); // an offer accepted meanwhile stays accepted
                return ValueTask.CompletedTask;
            });
        }

        await bus.PublishAsync(new ConversationOffered(now, entry.Id, agent.Id, offer.ExpiresAt), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Takes the offer of <paramref name="conversation"/> made to <paramref name="agent"/>, for its acceptance; null when there is none.</summary>
    public Offer? TakeForAcceptance(ConversationId conversation, AgentId agent)
    {
        lock (view.Sync)
        {
            if (!_offers.TryGetValue(conversation, out var offer) || offer.Agent.Id != agent)
            {
                return null;
            }

            _offers.Remove(conversation);
            offer.Timeout?.Dispose();
            return offer;
        }
    }

    /// <summary>The agent declines; false when <paramref name="conversation"/> is not offered to them.</summary>
    public bool Decline(ConversationId conversation, AgentId agent)
    {
        Offer? offer;
        lock (view.Sync)
        {
            if (!_offers.TryGetValue(conversation, out offer) || offer.Agent.Id != agent)
            {
                return false;
            }
        }

        // The offer may be accepted between the look-up above and the decline: then the decline did nothing and says so.
        return Decline(offer);
    }

    /// <summary>Drops the offer of an entry that left the queue by other means (a manual take, a close); called under the view's lock.</summary>
    public void Withdraw(QueueEntry entry)
    {
        if (_offers.TryGetValue(entry.Id, out var offer) && ReferenceEquals(offer.Entry, entry))
        {
            _offers.Remove(entry.Id);
            offer.Timeout?.Dispose();
            view.Agents.Release(offer.Agent, offer.Entry);
        }
    }

    /// <summary>
    /// A decline or an expiry: the agent is passed over for a while and the entry goes back to its place. False when the offer
    /// was no longer standing (accepted, withdrawn or already declined in the meantime).
    /// </summary>
    private bool Decline(Offer offer)
    {
        var now = clock.GetCurrentInstant();
        var until = now + options.RetryExcludedAgentAfter;
        var entry = offer.Entry;
        lock (view.Sync)
        {
            if (!_offers.TryGetValue(entry.Id, out var current) || !ReferenceEquals(current, offer))
            {
                return false;
            }

            _offers.Remove(entry.Id);
            offer.Timeout?.Dispose();
            view.Agents.Release(offer.Agent, entry);
            entry.Declines++;
            if (entry.Declines >= options.MaxDeclines)
            {
                // Everyone offered it declined: back to its place, and anyone may be offered it again.
                entry.Declines = 0;
                view.Queues.Lift(entry.Id, ExclusionReason.Declined);
            }
            else
            {
                view.Queues.Exclude(entry.Id, new Exclusion(offer.Agent.Id, now, until, ExclusionReason.Declined));
            }

            view.Queues.Requeue(entry);
        }

        timeouts.WakeAt(until, entry.DepartmentId);
        work.Drain(entry.DepartmentId);
        return true;
    }
}
