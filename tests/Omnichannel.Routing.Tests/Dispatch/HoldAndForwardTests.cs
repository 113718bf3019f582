using Omnichannel.Agents;
using Omnichannel.Conversations;
using Omnichannel.Lifecycle;
using Omnichannel.Notifications;
using Omnichannel.Routing.Tests.Support;

namespace Omnichannel.Routing.Tests.Dispatch;

/// <summary>On-hold resume (same agent first, else the next eligible one) and forwards (routed in the target department; a target agent must be eligible).</summary>
public class HoldAndForwardTests
{
    [Fact]
    public async Task A_contact_writing_to_an_on_hold_conversation_gets_the_same_agent_back()
    {
        await using var h = RoutingHarness.Create();
        await h.DepartmentAsync("d");
        var a = await h.AgentAsync("a", "d");
        await h.AgentAsync("b", "d");
        var conversation = await h.ArriveAsync("k", "d");
        Assert.Equal(a, await h.ServingAsync(conversation));
        await h.HoldAsync(conversation);
        await h.ArriveAsync("k", "d", "I am back"); // the contact writes again
        Assert.Equal(ConversationState.Taken, await h.StateAsync(conversation));
        Assert.Equal(a, await h.ServingAsync(conversation));
    }

    [Fact]
    public async Task An_on_hold_conversation_whose_agent_is_full_goes_to_the_next_eligible_agent()
    {
        await using var h = RoutingHarness.Create();
        await h.DepartmentAsync("d", maxChatsPerAgent: 1);
        var a = await h.AgentAsync("a", "d");
        var b = await h.AgentAsync("b", "d", status: AgentStatus.Away);
        var onHold = await h.ArriveAsync("k1", "d");
        await h.HoldAsync(onHold);
        var other = await h.ArriveAsync("k2", "d");
        Assert.Equal(a, await h.ServingAsync(other)); // a is full again
        await h.SetStatusAsync(b, AgentStatus.Available);
        await h.ArriveAsync("k1", "d", "hello?");
        Assert.Equal(b, await h.ServingAsync(onHold));
    }

    [Theory]
    [InlineData(AgentStatus.Away)]
    [InlineData(AgentStatus.Offline)]
    public async Task An_on_hold_conversation_is_never_resumed_to_an_agent_who_is_not_available(AgentStatus status)
    {
        await using var h = RoutingHarness.Create();
        await h.DepartmentAsync("d");
        var a = await h.AgentAsync("a", "d");
        var onHold = await h.ArriveAsync("k1", "d");
        await h.HoldAsync(onHold);
        await h.SetStatusAsync(a, status);
        var b = await h.AgentAsync("b", "d");
        await h.ArriveAsync("k1", "d", "hello?");
        Assert.Equal(b, await h.ServingAsync(onHold));
        var resumedToQueue = h.Events.OfType<ConversationStateChanged>().Last(e => e.Conversation.Id == onHold && e.From == ConversationState.OnHold);
        Assert.Equal(ConversationTrigger.ResumeToQueue, resumedToQueue.Trigger);
    }

    [Fact]
    public async Task An_on_hold_conversation_nobody_can_take_waits_in_the_queue()
    {
        await using var h = RoutingHarness.Create();
        var d = await h.DepartmentAsync("d");
        var a = await h.AgentAsync("a", "d");
        var onHold = await h.ArriveAsync("k1", "d");
        await h.HoldAsync(onHold);
        await h.SetStatusAsync(a, AgentStatus.Away);
        await h.ArriveAsync("k1", "d", "hello?");
        Assert.Equal([onHold], await h.QueueOrderAsync(d));
        await h.SetStatusAsync(a, AgentStatus.Available);
        Assert.Equal(a, await h.ServingAsync(onHold));
    }

    [Fact]
    public async Task A_forward_to_a_department_is_routed_among_the_target_departments_agents_only()
    {
        await using var h = RoutingHarness.Create();
        await h.DepartmentAsync("sales");
        var support = await h.DepartmentAsync("support");
        // Nobody is in support yet: the department must accept forwards while nobody is online (the guide's rule otherwise refuses).
        (await h.Departments.SaveAsync((await h.Departments.GetAsync(support))! with { AcceptForwardsWhenNobodyOnline = true })).GetValueOrThrow();
        var seller = await h.AgentAsync("a-seller", "sales");
        await h.AgentAsync("b-seller", "sales"); // idle in the source department: never gets it
        var conversation = await h.ArriveAsync("k", "sales");
        Assert.Equal(seller, await h.ServingAsync(conversation));
        var result = (await h.Conversations.ForwardAsync(conversation, seller, ForwardTarget.ToDepartment(support))).GetValueOrThrow();
        await h.SettleAsync();
        Assert.True(result.Succeeded, result.Message);
        Assert.Equal([conversation], await h.QueueOrderAsync(support)); // nobody in support yet
        var supporter = await h.AgentAsync("z-support", "support");
        var moved = await h.GetAsync(conversation);
        Assert.Equal(support, moved.DepartmentId);
        Assert.Equal(supporter, moved.ServingAgentId);
    }

    [Fact]
    public async Task A_forward_to_the_same_department_is_refused_and_the_conversation_stays_with_the_agent()
    {
        await using var h = RoutingHarness.Create();
        var d = await h.DepartmentAsync("d");
        var a = await h.AgentAsync("a", "d");
        var conversation = await h.ArriveAsync("k", "d");
        var result = (await h.Conversations.ForwardAsync(conversation, a, ForwardTarget.ToDepartment(d))).GetValueOrThrow();
        await h.SettleAsync();
        Assert.Equal(ForwardFailureReason.SameAsSource, result.FailureReason);
        Assert.Equal(a, await h.ServingAsync(conversation));
        Assert.Equal(ConversationState.Taken, await h.StateAsync(conversation));
    }

    [Theory]
    [InlineData(AgentStatus.Away, ForwardFailureReason.TargetOffline)]
    [InlineData(AgentStatus.Offline, ForwardFailureReason.TargetOffline)]
    public async Task A_forward_to_an_agent_who_is_not_available_fails_back_to_the_forwarder(AgentStatus status, ForwardFailureReason reason)
    {
        await using var h = RoutingHarness.Create();
        await h.DepartmentAsync("d");
        var a = await h.AgentAsync("a", "d");
        var b = await h.AgentAsync("b", "d", status: status);
        var conversation = await h.ArriveAsync("k", "d");
        var result = (await h.Conversations.ForwardAsync(conversation, a, ForwardTarget.ToAgent(b))).GetValueOrThrow();
        await h.SettleAsync();
        Assert.Equal(reason, result.FailureReason);
        Assert.Equal(a, await h.ServingAsync(conversation));
    }

    [Fact]
    public async Task A_forward_to_an_agent_at_capacity_fails_back_to_the_forwarder()
    {
        await using var h = RoutingHarness.Create();
        await h.DepartmentAsync("d");
        var a = await h.AgentAsync("a", "d");
        var b = await h.AgentAsync("b", "d", max: 1, status: AgentStatus.Away);
        var conversation = await h.ArriveAsync("k1", "d");
        await h.SetStatusAsync(a, AgentStatus.Away);
        await h.SetStatusAsync(b, AgentStatus.Available);
        Assert.Equal(b, await h.ServingAsync(await h.ArriveAsync("k2", "d")));
        var result = (await h.Conversations.ForwardAsync(conversation, a, ForwardTarget.ToAgent(b))).GetValueOrThrow();
        await h.SettleAsync();
        Assert.Equal(ForwardFailureReason.TargetAtCapacity, result.FailureReason);
        Assert.Equal(a, await h.ServingAsync(conversation));
        Assert.Single(await h.ServedByAsync(b));
    }

    [Fact]
    public async Task A_forward_to_an_eligible_agent_counts_on_their_load()
    {
        await using var h = RoutingHarness.Create();
        await h.DepartmentAsync("d", maxChatsPerAgent: 1);
        var a = await h.AgentAsync("a", "d");
        var b = await h.AgentAsync("b", "d", status: AgentStatus.Away);
        var conversation = await h.ArriveAsync("k1", "d");
        await h.SetStatusAsync(b, AgentStatus.Available);
        var result = (await h.Conversations.ForwardAsync(conversation, a, ForwardTarget.ToAgent(b))).GetValueOrThrow();
        await h.SettleAsync();
        Assert.True(result.Succeeded, result.Message);
        Assert.Equal(b, await h.ServingAsync(conversation));
        // b is full now; a got room back: the next conversation goes to a.
        Assert.Equal(a, await h.ServingAsync(await h.ArriveAsync("k2", "d")));
        Assert.Equal(ConversationState.Queued, await h.StateAsync(await h.ArriveAsync("k3", "d")));
    }
}
