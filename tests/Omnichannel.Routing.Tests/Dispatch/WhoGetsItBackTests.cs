using NodaTime;
using Omnichannel.Agents;
using Omnichannel.Conversations;
using Omnichannel.Routing.Events;
using Omnichannel.Routing.Tests.Support;

namespace Omnichannel.Routing.Tests.Dispatch;

/// <summary>
/// Who gets a conversation back: the agent who let it go is passed over while someone else can take it, and gets it back
/// when nobody else can; an agent who declined, missed or left it unanswered is passed over for a while, not for ever.
/// </summary>
public class WhoGetsItBackTests
{
    private static readonly Duration Retry = Duration.FromMinutes(1);

    [Fact]
    public async Task A_conversation_moved_back_to_the_queue_returns_to_the_agent_who_let_it_go_when_nobody_else_can_take_it()
    {
        await using var h = RoutingHarness.Create();
        await h.DepartmentAsync("d");
        var a = await h.AgentAsync("a", "d");
        await h.AgentAsync("b", "d", status: AgentStatus.Away);
        var conversation = await h.ArriveAsync("k", "d");

        (await h.Conversations.ReturnToQueueAsync(conversation, Actor.Agent(a))).GetValueOrThrow();
        await h.SettleAsync();

        Assert.Equal(a, await h.ServingAsync(conversation)); // a preference, not an exclusion
    }

    [Fact]
    public async Task The_agent_who_let_it_go_is_passed_over_only_while_another_has_room()
    {
        await using var h = RoutingHarness.Create();
        await h.DepartmentAsync("d", maxChatsPerAgent: 1);
        var a = await h.AgentAsync("a", "d");
        var b = await h.AgentAsync("b", "d");
        var first = await h.ArriveAsync("k1", "d");
        var second = await h.ArriveAsync("k2", "d");
        Assert.Equal((a, b), (await h.ServingAsync(first), await h.ServingAsync(second)));

        // b is full, so when a lets first go, it comes straight back to a rather than wait.
        (await h.Conversations.ReturnToQueueAsync(first, Actor.Agent(a))).GetValueOrThrow();
        await h.SettleAsync();

        Assert.Equal(a, await h.ServingAsync(first));
    }

    [Fact]
    public async Task A_declined_offer_is_offered_to_the_decliner_again_after_the_retry_delay_when_nobody_else_took_it()
    {
        await using var h = RoutingHarness.Create(r => r.Configure(o => o.OfferMode = true));
        await h.DepartmentAsync("d");
        var a = await h.AgentAsync("a", "d");
        var conversation = await h.ArriveAsync("k", "d");
        (await h.Routing.DeclineOfferAsync(conversation, a)).ShouldSucceed();
        await h.SettleAsync();
        Assert.Single(h.Events.OfType<ConversationOffered>());

        await h.Time.AdvanceByAsync(Retry - Duration.FromSeconds(1));
        Assert.Single(h.Events.OfType<ConversationOffered>());
        await h.Time.AdvanceByAsync(Duration.FromSeconds(1));

        Assert.Equal((conversation, a), (h.Events.LastOfType<ConversationOffered>()!.ConversationId, h.Events.LastOfType<ConversationOffered>()!.AgentId));
        Assert.Equal(2, h.Events.OfType<ConversationOffered>().Count);
    }

    [Fact]
    public async Task Going_away_and_back_clears_a_decline_at_once()
    {
        await using var h = RoutingHarness.Create(r => r.Configure(o => o.OfferMode = true));
        await h.DepartmentAsync("d");
        var a = await h.AgentAsync("a", "d");
        var conversation = await h.ArriveAsync("k", "d");
        (await h.Routing.DeclineOfferAsync(conversation, a)).ShouldSucceed();
        await h.SettleAsync();

        await h.Time.AdvanceByAsync(Duration.FromSeconds(5));
        await h.SetStatusAsync(a, AgentStatus.Away);
        await h.Time.AdvanceByAsync(Duration.FromSeconds(5));
        await h.SetStatusAsync(a, AgentStatus.Available);

        Assert.Equal(2, h.Events.OfType<ConversationOffered>().Count(o => o.ConversationId == conversation && o.AgentId == a));
    }

    [Fact]
    public async Task A_declined_offer_goes_to_another_idle_agent_at_once_and_never_waits_for_the_decliner()
    {
        await using var h = RoutingHarness.Create(r => r.UseLeastBusy().Configure(o => o.OfferMode = true));
        await h.DepartmentAsync("d");
        var a = await h.AgentAsync("a", "d");
        var b = await h.AgentAsync("b", "d");
        var conversation = await h.ArriveAsync("k", "d");
        Assert.Equal(a, h.Events.LastOfType<ConversationOffered>()!.AgentId);

        (await h.Routing.DeclineOfferAsync(conversation, a)).ShouldSucceed();
        await h.SettleAsync();

        Assert.Equal((conversation, b), (h.Events.LastOfType<ConversationOffered>()!.ConversationId, h.Events.LastOfType<ConversationOffered>()!.AgentId));
    }

    [Fact]
    public async Task An_unanswered_conversation_goes_back_to_its_agent_after_the_retry_delay_when_nobody_else_can_take_it()
    {
        var wait = Duration.FromMinutes(2);
        await using var h = RoutingHarness.Create(r => r.Configure(o => o.RerouteUnansweredAfter = wait));
        var d = await h.DepartmentAsync("d");
        var a = await h.AgentAsync("a", "d");
        var conversation = await h.ArriveAsync("k", "d");
        await h.Time.AdvanceByAsync(wait);
        Assert.Equal([conversation], await h.QueueOrderAsync(d));

        await h.Time.AdvanceByAsync(Retry);

        Assert.Equal(a, await h.ServingAsync(conversation));
    }
}
