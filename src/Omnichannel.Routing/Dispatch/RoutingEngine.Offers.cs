using Omnichannel.Conversations;
using Omnichannel.Operations;
using Omnichannel.Routing.Algorithms;
using Omnichannel.Routing.Events;

namespace Omnichannel.Routing.Dispatch;

/// <summary>
/// Offer mode: a reserved conversation is offered to one agent. Accepting assigns it; declining, or letting the
/// offer expire, excludes that agent and offers it on; after <see cref="RoutingOptions.MaxDeclines"/> declines it
/// goes back to its place in the queue and the decliners may be offered it again.
/// </summary>
internal sealed partial class RoutingEngine
{
    private readonly Dictionary<ConversationId, Offer> _offers = [];

    private async ValueTask OfferAsync(QueueEntry entry, RoutedAgent agent, CancellationToken cancellationToken)
    {
        var now = clock.GetCurrentInstant();
        var offer = new Offer(entry, agent, now + _options.OfferTimeout);
        lock (_sync)
        {
            _offers[entry.Id] = offer;
            offer.Timeout = scheduler.Schedule(offer.ExpiresAt, ct => ExpireOfferAsync(offer, ct));
        }

        await PublishAsync(new ConversationOffered(now, entry.Id, agent.Id, offer.ExpiresAt), cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<OperationResult<Conversation>> AcceptOfferAsync(ConversationId conversation, AgentId agent, CancellationToken cancellationToken = default)
    {
        Offer? offer;
        lock (_sync)
        {
            if (!_offers.TryGetValue(conversation, out offer) || offer.Agent.Id != agent)
            {
                return OperationResult<Conversation>.Failure(OperationErrorCode.NotFound,
                    $"Conversation '{conversation}' is not offered to agent '{agent}' (the offer expired, was declined, or went to someone else).");
            }

            _offers.Remove(conversation);
            offer.Timeout?.Dispose();
        }

        var result = await conversations.AssignAsync(conversation, agent, cancellationToken).ConfigureAwait(false);
        lock (_sync)
        {
            Release(offer.Agent, offer.Entry);
            if (result.Succeeded)
            {
                Update(offer.Agent, clock.GetCurrentInstant(), static (a, at) => a.LastRoutedAt = at);
                SettleAssignedLocked(offer.Entry, result.Value);
            }
        }

        if (!result.Succeeded)
        {
            await SettleFailedAssignmentAsync(offer.Entry, agent, result.Error, cancellationToken).ConfigureAwait(false);
        }

        await RequestDispatchAsync([offer.Entry.DepartmentId], cancellationToken).ConfigureAwait(false);
        return result;
    }

    public async ValueTask<OperationResult> DeclineOfferAsync(ConversationId conversation, AgentId agent, CancellationToken cancellationToken = default)
    {
        Offer? offer;
        lock (_sync)
        {
            if (!_offers.TryGetValue(conversation, out offer) || offer.Agent.Id != agent)
            {
                return OperationResult.Failure(OperationErrorCode.NotFound, $"Conversation '{conversation}' is not offered to agent '{agent}'.");
            }

            DeclineLocked(offer);
        }

        await RequestDispatchAsync([offer.Entry.DepartmentId], cancellationToken).ConfigureAwait(false);
        return OperationResult.Success;
    }

    private async ValueTask ExpireOfferAsync(Offer offer, CancellationToken cancellationToken)
    {
        lock (_sync)
        {
            if (!_offers.TryGetValue(offer.Entry.Id, out var current) || !ReferenceEquals(current, offer))
            {
                return;
            }

            DeclineLocked(offer);
        }

        await RequestDispatchAsync([offer.Entry.DepartmentId], cancellationToken).ConfigureAwait(false);
    }

    private void DeclineLocked(Offer offer)
    {
        _offers.Remove(offer.Entry.Id);
        offer.Timeout?.Dispose();
        Release(offer.Agent, offer.Entry);
        var entry = offer.Entry;
        entry.Declines++;
        if (entry.Declines >= _options.MaxDeclines)
        {
            entry.Declines = 0;
            entry.Excluded = _exclusions.GetValueOrDefault(entry.Id);
        }
        else
        {
            entry.Excluded = new HashSet<AgentId>(entry.Excluded ?? []) { offer.Agent.Id };
        }

        Requeue(entry);
    }

    /// <summary>Drops the offer of a conversation that left the queue by other means (a manual take, a close).</summary>
    private void WithdrawOfferLocked(ConversationId conversation)
    {
        if (_offers.Remove(conversation, out var offer))
        {
            offer.Timeout?.Dispose();
            Release(offer.Agent, offer.Entry);
        }
    }
}
