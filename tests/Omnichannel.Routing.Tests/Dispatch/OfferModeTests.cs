using NodaTime;
using Omnichannel.Agents;
using Omnichannel.Conversations;
using Omnichannel.Operations;
using Omnichannel.Routing.Events;
using Omnichannel.Routing.Tests.Support;

namespace Omnichannel.Routing.Tests.Dispatch;

/// <summary>Offer mode: one agent at a time is offered the conversation and accepts or declines; a timeout is a decline.</summary>
public class OfferModeTests
{
    private static readonly Duration Timeout = Duration.FromSeconds(20);

    private static RoutingHarness Offering(int maxDeclines = 3) =>
        RoutingHarness.Create(r => r.UseLeastBusy().Configure(o =>
        {
            o.OfferMode = true;
            o.OfferTimeout = Timeout;
            o.MaxDeclines = maxDeclines;
        }));

    private static ConversationOffered LastOffer(RoutingHarness h) => h.Events.LastOfType<ConversationOffered>()!;

    [Fact]
    public async Task A_conversation_is_offered_to_one_agent_and_assigned_when_accepted()
    {
        await using var h = Offering();
        await h.DepartmentAsync("d");
        var a = await h.AgentAsync("a", "d");
        await h.AgentAsync("b", "d");
        var conversation = await h.ArriveAsync("k", "d");
        var offer = Assert.Single(h.Events.OfType<ConversationOffered>());
        Assert.Equal(new ConversationOffered(h.Now, conversation, a, h.Now + Timeout), offer);
        Assert.Equal(ConversationState.Queued, await h.StateAsync(conversation));

        var accepted = (await h.Routing.AcceptOfferAsync(conversation, a)).GetValueOrThrow();
        await h.SettleAsync();
        Assert.Equal(a, accepted.ServingAgentId);
        Assert.Equal(ConversationState.Taken, accepted.State);
    }

    [Fact]
    public async Task An_agent_with_an_open_offer_is_not_offered_past_their_capacity()
    {
        await using var h = Offering();
        await h.DepartmentAsync("d", maxChatsPerAgent: 1);
        var a = await h.AgentAsync("a", "d");
        var b = await h.AgentAsync("b", "d");
        var first = await h.ArriveAsync("k1", "d");
        var second = await h.ArriveAsync("k2", "d");
        var third = await h.ArriveAsync("k3", "d");
        var offers = h.Events.OfType<ConversationOffered>();
        Assert.Equal([(first, a), (second, b)], offers.Select(o => (o.ConversationId, o.AgentId)));
        Assert.Equal(ConversationState.Queued, await h.StateAsync(third));
    }

    [Fact]
    public async Task A_decline_offers_it_to_another_agent_and_not_back_to_the_decliner_while_the_exclusion_lasts()
    {
        await using var h = Offering(maxDeclines: 3);
        await h.DepartmentAsync("d");
        var a = await h.AgentAsync("a", "d");
        var b = await h.AgentAsync("b", "d");
        var conversation = await h.ArriveAsync("k", "d");
        (await h.Routing.DeclineOfferAsync(conversation, a)).ShouldSucceed();
        await h.SettleAsync();
        Assert.Equal(b, LastOffer(h).AgentId);
        (await h.Routing.DeclineOfferAsync(conversation, b)).ShouldSucceed();
        await h.SettleAsync();
        // Both declined, limit not reached: nobody is offered it, it waits in the queue.
        Assert.Equal(2, h.Events.OfType<ConversationOffered>().Count);
        Assert.Equal([conversation], await h.QueueOrderAsync(new DepartmentId("d")));
        var c = await h.AgentAsync("c", "d");
        Assert.Equal(c, LastOffer(h).AgentId);
    }

    [Fact]
    public async Task An_offer_not_answered_in_time_counts_as_a_decline()
    {
        await using var h = Offering();
        await h.DepartmentAsync("d");
        var a = await h.AgentAsync("a", "d");
        var b = await h.AgentAsync("b", "d");
        var conversation = await h.ArriveAsync("k", "d");
        await h.Time.AdvanceByAsync(Timeout - Duration.FromSeconds(1));
        Assert.Single(h.Events.OfType<ConversationOffered>());
        await h.Time.AdvanceByAsync(Duration.FromSeconds(1));
        Assert.Equal((conversation, b), (LastOffer(h).ConversationId, LastOffer(h).AgentId));
        var late = await h.Routing.AcceptOfferAsync(conversation, a);
        await h.SettleAsync();
        Assert.Equal(OperationErrorCode.NotFound, late.Error?.Code);
        Assert.Equal(ConversationState.Queued, await h.StateAsync(conversation));
    }

    [Fact]
    public async Task After_the_decline_limit_it_goes_back_to_its_place_in_the_queue()
    {
        await using var h = Offering(maxDeclines: 2);
        await h.DepartmentAsync("d", maxChatsPerAgent: 1);
        var a = await h.AgentAsync("a", "d");
        var b = await h.AgentAsync("b", "d", status: AgentStatus.Away);
        var first = await h.ArriveAsync("k1", "d");
        var queuedAt = (await h.GetAsync(first)).QueuedAt;
        await h.Time.AdvanceByAsync(Duration.FromSeconds(1));
        var second = await h.ArriveAsync("k2", "d"); // waits: a has first's offer
        Assert.Equal([first], h.Events.OfType<ConversationOffered>().Select(o => o.ConversationId));
        (await h.Routing.DeclineOfferAsync(first, a)).ShouldSucceed();
        await h.SettleAsync();
        // a declined first, so a is offered second; first waits ahead of it.
        Assert.Equal((second, a), (LastOffer(h).ConversationId, LastOffer(h).AgentId));
        await h.SetStatusAsync(b, AgentStatus.Available);
        Assert.Equal((first, b), (LastOffer(h).ConversationId, LastOffer(h).AgentId));
        h.Events.Clear();
        // Both offers time out: second's (a now excluded for it), then first's, its second decline. At the limit first
        // goes back to its place at the head of the queue, its decliners become eligible again, and it is served before second.
        await h.Time.AdvanceByAsync(Timeout);
        Assert.Equal([(first, a), (second, b)], h.Events.OfType<ConversationOffered>().Select(o => (o.ConversationId, o.AgentId)));
        Assert.Equal(queuedAt, (await h.GetAsync(first)).QueuedAt);
    }

    [Fact]
    public async Task Answers_for_an_offer_that_is_not_theirs_are_refused()
    {
        await using var h = Offering();
        await h.DepartmentAsync("d");
        var a = await h.AgentAsync("a", "d");
        var b = await h.AgentAsync("b", "d", status: AgentStatus.Away);
        var conversation = await h.ArriveAsync("k", "d");
        Assert.Equal(OperationErrorCode.NotFound, (await h.Routing.AcceptOfferAsync(conversation, b)).Error?.Code);
        Assert.Equal(OperationErrorCode.NotFound, (await h.Routing.DeclineOfferAsync(conversation, b)).Error?.Code);
        Assert.Equal(OperationErrorCode.NotFound, (await h.Routing.AcceptOfferAsync(new ConversationId("none"), a)).Error?.Code);
        (await h.Routing.DeclineOfferAsync(conversation, a)).ShouldSucceed();
        await h.SettleAsync();
        Assert.Equal(OperationErrorCode.NotFound, (await h.Routing.AcceptOfferAsync(conversation, a)).Error?.Code);
    }

    [Fact]
    public async Task A_manual_take_withdraws_the_offer()
    {
        await using var h = Offering();
        await h.DepartmentAsync("d");
        var a = await h.AgentAsync("a", "d");
        var b = await h.AgentAsync("b", "d", max: 1);
        var conversation = await h.ArriveAsync("k", "d");
        Assert.Equal(a, LastOffer(h).AgentId);
        (await h.Conversations.TakeAsync(conversation, b)).GetValueOrThrow();
        await h.SettleAsync();
        Assert.Equal(OperationErrorCode.NotFound, (await h.Routing.AcceptOfferAsync(conversation, a)).Error?.Code);
        Assert.Equal(b, await h.ServingAsync(conversation));
        // a's reservation was released: a is offered the next one.
        var next = await h.ArriveAsync("k2", "d");
        Assert.Equal((next, a), (LastOffer(h).ConversationId, LastOffer(h).AgentId));
    }

    [Fact]
    public async Task An_accept_the_store_refuses_puts_the_conversation_back_and_offers_it_to_an_agent_who_can_take_it()
    {
        await using var h = Offering();
        await h.DepartmentAsync("d");
        var a = await h.AgentAsync("a", "d");
        var conversation = await h.ArriveAsync("k", "d");
        // a goes Away in another process sharing the store: this router hears nothing, so the accept must fail cleanly.
        var agent = (await h.Stores.Agents.GetAsync(a, default))!;
        await h.Stores.Agents.SaveAsync(agent with { Status = AgentStatus.Away }, default);
        var accepted = await h.Routing.AcceptOfferAsync(conversation, a);
        await h.SettleAsync();
        Assert.Equal(OperationErrorCode.AgentNotAvailable, accepted.Error?.Code);
        Assert.Equal(ConversationState.Queued, await h.StateAsync(conversation));
        Assert.Equal([conversation], await h.QueueOrderAsync(new DepartmentId("d"))); // not offered to a again
        var b = await h.AgentAsync("b", "d");
        Assert.Equal((conversation, b), (LastOffer(h).ConversationId, LastOffer(h).AgentId));
    }
}
