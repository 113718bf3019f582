using NodaTime;
using Omnichannel.Agents;
using Omnichannel.Conversations;
using Omnichannel.Routing.Tests.Support;

namespace Omnichannel.Routing.Tests.Dispatch;

/// <summary>Timeouts on virtual time: overflow, unanswered re-route, offline re-route, queue limit.</summary>
public class TimeoutTests
{
    private static readonly Duration Wait = Duration.FromMinutes(2);
    private static readonly Duration Tick = Duration.FromSeconds(1);

    [Fact]
    public async Task A_conversation_waiting_too_long_overflows_to_the_fallback_department_and_is_routed_there()
    {
        await using var h = RoutingHarness.Create(r => r.Configure(o => o.OverflowAfter = Wait));
        var fallback = await h.DepartmentAsync("fallback");
        await h.DepartmentAsync("d", fallback: "fallback");
        await h.AgentAsync("a", "d", status: AgentStatus.Away);
        var helper = await h.AgentAsync("h", "fallback");
        var conversation = await h.ArriveAsync("k", "d");
        await h.Time.AdvanceByAsync(Wait - Tick);
        Assert.Equal(ConversationState.Queued, await h.StateAsync(conversation));
        await h.Time.AdvanceByAsync(Tick);
        var moved = await h.GetAsync(conversation);
        Assert.Equal(fallback, moved.DepartmentId);
        Assert.Equal(helper, moved.ServingAgentId);
    }

    [Fact]
    public async Task Overflow_counts_from_the_latest_queuing()
    {
        await using var h = RoutingHarness.Create(r => r.Configure(o => o.OverflowAfter = Wait));
        await h.DepartmentAsync("fallback");
        var d = await h.DepartmentAsync("d", fallback: "fallback");
        var a = await h.AgentAsync("a", "d", status: AgentStatus.Away);
        var conversation = await h.ArriveAsync("k", "d");
        await h.Time.AdvanceByAsync(Tick);
        await h.SetStatusAsync(a, AgentStatus.Available);
        Assert.Equal(a, await h.ServingAsync(conversation));
        await h.SetStatusAsync(a, AgentStatus.Away);
        (await h.Conversations.ReturnToQueueAsync(conversation, Actor.Agent(a))).GetValueOrThrow(); // queued again, later
        await h.Time.AdvanceByAsync(Wait - Tick);
        Assert.Equal(d, (await h.GetAsync(conversation)).DepartmentId); // the first queuing's timer is stale
        await h.Time.AdvanceByAsync(Tick);
        Assert.NotEqual(d, (await h.GetAsync(conversation)).DepartmentId);
    }

    [Fact]
    public async Task Without_a_fallback_department_nothing_overflows()
    {
        await using var h = RoutingHarness.Create(r => r.Configure(o => o.OverflowAfter = Wait));
        var d = await h.DepartmentAsync("d");
        var conversation = await h.ArriveAsync("k", "d");
        await h.Time.AdvanceByAsync(Wait * 3);
        Assert.Equal(d, (await h.GetAsync(conversation)).DepartmentId);
        Assert.Equal(ConversationState.Queued, await h.StateAsync(conversation));
    }

    [Fact]
    public async Task An_unanswered_conversation_is_rerouted_to_another_agent_not_back_to_the_one_who_left_it()
    {
        await using var h = RoutingHarness.Create(r => r.Configure(o => o.RerouteUnansweredAfter = Wait));
        await h.DepartmentAsync("d");
        var a = await h.AgentAsync("a", "d");
        var b = await h.AgentAsync("b", "d", status: AgentStatus.Away);
        var conversation = await h.ArriveAsync("k", "d");
        Assert.Equal(a, await h.ServingAsync(conversation));
        await h.Time.AdvanceByAsync(Wait);
        // Only a is available, and a let it go unanswered: it waits rather than going straight back to a (for RetryExcludedAgentAfter).
        Assert.Equal(ConversationState.Queued, await h.StateAsync(conversation));
        Assert.Equal(a, (await h.GetAsync(conversation)).PreviousAgentId);
        await h.Routing.DispatchAsync();
        Assert.Equal(ConversationState.Queued, await h.StateAsync(conversation));
        await h.SetStatusAsync(b, AgentStatus.Available);
        Assert.Equal(b, await h.ServingAsync(conversation));
    }

    [Fact]
    public async Task A_conversation_the_agent_answered_is_not_rerouted()
    {
        await using var h = RoutingHarness.Create(r => r.Configure(o => o.RerouteUnansweredAfter = Wait));
        await h.DepartmentAsync("d");
        var a = await h.AgentAsync("a", "d");
        await h.AgentAsync("b", "d");
        var conversation = await h.ArriveAsync("k", "d");
        await h.Time.AdvanceByAsync(Wait - Tick);
        (await h.Conversations.PostAgentMessageAsync(conversation, a, "hello, how can I help?")).GetValueOrThrow();
        await h.SettleAsync();
        await h.Time.AdvanceByAsync(Wait);
        Assert.Equal(a, await h.ServingAsync(conversation));
        Assert.Equal(ConversationState.Taken, await h.StateAsync(conversation));
    }

    [Fact]
    public async Task An_agent_going_offline_has_their_taken_conversations_rerouted()
    {
        await using var h = RoutingHarness.Create();
        await h.DepartmentAsync("d");
        var a = await h.AgentAsync("a", "d");
        var first = await h.ArriveAsync("k1", "d");
        var second = await h.ArriveAsync("k2", "d");
        var b = await h.AgentAsync("b", "d");
        await h.SetStatusAsync(a, AgentStatus.Offline);
        Assert.Equal(b, await h.ServingAsync(first));
        Assert.Equal(b, await h.ServingAsync(second));
        Assert.Empty(await h.ServedByAsync(a));
    }

    [Fact]
    public async Task An_agent_going_offline_with_nobody_to_take_over_leaves_the_conversations_queued_not_with_them()
    {
        await using var h = RoutingHarness.Create();
        var d = await h.DepartmentAsync("d");
        var a = await h.AgentAsync("a", "d");
        var conversation = await h.ArriveAsync("k1", "d");
        await h.SetStatusAsync(a, AgentStatus.Offline);
        Assert.Equal(ConversationState.Queued, await h.StateAsync(conversation));
        Assert.Equal([conversation], await h.QueueOrderAsync(d));
    }

    [Fact]
    public async Task Going_away_or_offline_without_the_option_keeps_the_conversations()
    {
        await using var h = RoutingHarness.Create(r => r.Configure(o => o.RerouteWhenAgentGoesOffline = false));
        await h.DepartmentAsync("d");
        var a = await h.AgentAsync("a", "d");
        await h.AgentAsync("b", "d", status: AgentStatus.Away);
        var conversation = await h.ArriveAsync("k1", "d");
        await h.SetStatusAsync(a, AgentStatus.Offline);
        Assert.Equal(a, await h.ServingAsync(conversation));
    }

    [Fact]
    public async Task Going_away_keeps_the_conversations()
    {
        await using var h = RoutingHarness.Create();
        await h.DepartmentAsync("d");
        var a = await h.AgentAsync("a", "d");
        await h.AgentAsync("b", "d", status: AgentStatus.Away);
        var conversation = await h.ArriveAsync("k1", "d");
        await h.SetStatusAsync(a, AgentStatus.Away);
        Assert.Equal(a, await h.ServingAsync(conversation));
    }

    [Fact]
    public async Task A_conversation_queued_too_long_is_closed_by_the_system()
    {
        await using var h = RoutingHarness.Create(r => r.Configure(o => o.CloseQueuedAfter = Wait));
        var d = await h.DepartmentAsync("d");
        var conversation = await h.ArriveAsync("k", "d");
        await h.Time.AdvanceByAsync(Wait - Tick);
        Assert.Equal(ConversationState.Queued, await h.StateAsync(conversation));
        await h.Time.AdvanceByAsync(Tick);
        var closed = await h.GetAsync(conversation);
        Assert.Equal(ConversationState.Closed, closed.State);
        Assert.Equal(Actor.System, closed.ClosedBy);
        Assert.Empty(await h.QueueOrderAsync(d));
    }

    [Fact]
    public async Task A_conversation_taken_in_time_is_not_closed()
    {
        await using var h = RoutingHarness.Create(r => r.Configure(o => o.CloseQueuedAfter = Wait));
        await h.DepartmentAsync("d");
        var a = await h.AgentAsync("a", "d", status: AgentStatus.Away);
        var conversation = await h.ArriveAsync("k", "d");
        await h.Time.AdvanceByAsync(Wait - Tick);
        await h.SetStatusAsync(a, AgentStatus.Available);
        await h.Time.AdvanceByAsync(Wait);
        Assert.Equal(ConversationState.Taken, await h.StateAsync(conversation));
    }
}
