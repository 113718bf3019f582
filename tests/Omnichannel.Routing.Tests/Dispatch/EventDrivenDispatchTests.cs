using Omnichannel.Agents;
using Omnichannel.Conversations;
using Omnichannel.Routing.Tests.Support;

namespace Omnichannel.Routing.Tests.Dispatch;

/// <summary>Every trigger drains the queue as soon as the dispatcher runs (settling, no time passing), with no call to DispatchAsync.</summary>
public class EventDrivenDispatchTests
{
    /// <summary>Department d (one conversation per agent): agent a serves <c>Busy</c>, <c>Waiting</c> is queued.</summary>
    private static async Task<(RoutingHarness H, AgentId A, ConversationId Busy, ConversationId Waiting)> OneBusyAgentAsync(Action<Omnichannel.DependencyInjection.OmnichannelOptions>? core = null)
    {
        var h = RoutingHarness.Create(core: core);
        await h.DepartmentAsync("d", maxChatsPerAgent: 1);
        await h.DepartmentAsync("d2");
        var a = await h.AgentAsync("a", "d");
        var busy = await h.ArriveAsync("k1", "d");
        var waiting = await h.ArriveAsync("k2", "d");
        Assert.Equal(a, await h.ServingAsync(busy));
        Assert.Equal(ConversationState.Queued, await h.StateAsync(waiting));
        return (h, a, busy, waiting);
    }

    [Fact]
    public async Task A_new_conversation_is_assigned_as_it_arrives()
    {
        await using var h = RoutingHarness.Create();
        await h.DepartmentAsync("d");
        var a = await h.AgentAsync("a", "d");
        Assert.Equal(a, await h.ServingAsync(await h.ArriveAsync("k", "d")));
        Assert.Equal(h.Now, (await h.GetAsync(new ConversationId("c-1"))).FirstTakenAt);
    }

    [Fact]
    public async Task An_agent_becoming_available_drains_the_queue_oldest_first()
    {
        await using var h = RoutingHarness.Create();
        await h.DepartmentAsync("d", maxChatsPerAgent: 2);
        var a = await h.AgentAsync("a", "d", status: AgentStatus.Away);
        var ids = new List<ConversationId>();
        for (var i = 0; i < 3; i++)
        {
            await h.Time.AdvanceByAsync(NodaTime.Duration.FromSeconds(1));
            ids.Add(await h.ArriveAsync($"k{i}", "d"));
        }

        await h.SetStatusAsync(a, AgentStatus.Available);
        Assert.Equal(a, await h.ServingAsync(ids[0]));
        Assert.Equal(a, await h.ServingAsync(ids[1]));
        Assert.Equal(ConversationState.Queued, await h.StateAsync(ids[2]));
    }

    [Fact]
    public async Task A_close_frees_capacity_for_the_queue()
    {
        var (h, a, busy, waiting) = await OneBusyAgentAsync();
        await using var _h = h;
        await h.CloseAsync(busy);
        Assert.Equal(a, await h.ServingAsync(waiting));
    }

    [Fact]
    public async Task A_close_by_the_contact_frees_capacity_for_the_queue()
    {
        var (h, a, busy, waiting) = await OneBusyAgentAsync();
        await using var _h = h;
        (await h.Conversations.CloseAsync(busy, Actor.Contact(new ContactId("k1")))).GetValueOrThrow();
        await h.SettleAsync();
        Assert.Equal(a, await h.ServingAsync(waiting));
    }

    [Fact]
    public async Task A_hold_frees_capacity_for_the_queue()
    {
        var (h, a, busy, waiting) = await OneBusyAgentAsync();
        await using var _h = h;
        await h.HoldAsync(busy);
        Assert.Equal(a, await h.ServingAsync(waiting));
    }

    [Fact]
    public async Task A_return_to_the_queue_frees_capacity_for_the_conversation_waiting_longer()
    {
        var (h, a, busy, waiting) = await OneBusyAgentAsync();
        await using var _h = h;
        await h.Time.AdvanceByAsync(NodaTime.Duration.FromSeconds(1));
        (await h.Conversations.ReturnToQueueAsync(busy, Actor.Agent(a))).GetValueOrThrow();
        await h.SettleAsync();
        Assert.Equal(a, await h.ServingAsync(waiting));
        Assert.Equal(ConversationState.Queued, await h.StateAsync(busy));
    }

    [Fact]
    public async Task A_forward_to_a_department_frees_capacity_in_the_source_department()
    {
        var (h, a, busy, waiting) = await OneBusyAgentAsync();
        await using var _h = h;
        var target = await h.AgentAsync("t", "d2");
        var forwarded = (await h.Conversations.ForwardAsync(busy, a, ForwardTarget.ToDepartment(new DepartmentId("d2")))).GetValueOrThrow();
        await h.SettleAsync();
        Assert.True(forwarded.Succeeded);
        Assert.Equal(a, await h.ServingAsync(waiting));
        Assert.Equal(target, await h.ServingAsync(busy)); // routed in the target department
    }

    [Fact]
    public async Task A_forward_to_an_agent_frees_the_forwarders_capacity()
    {
        var (h, a, busy, waiting) = await OneBusyAgentAsync();
        await using var _h = h;
        var b = await h.AgentAsync("b", "d2");
        var result = (await h.Conversations.ForwardAsync(busy, a, ForwardTarget.ToAgent(b))).GetValueOrThrow();
        await h.SettleAsync();
        Assert.True(result.Succeeded, result.Message);
        Assert.Equal(b, await h.ServingAsync(busy));
        Assert.Equal(a, await h.ServingAsync(waiting));
    }

    [Fact]
    public async Task Nothing_is_left_queued_while_an_eligible_agent_has_room_after_a_burst()
    {
        await using var h = RoutingHarness.Create();
        var d = await h.DepartmentAsync("d", maxChatsPerAgent: 2);
        var a = await h.AgentAsync("a", "d", status: AgentStatus.Away);
        var b = await h.AgentAsync("b", "d", status: AgentStatus.Away);
        var ids = new List<ConversationId>();
        for (var i = 0; i < 6; i++)
        {
            ids.Add(await h.ArriveAsync($"k{i}", "d"));
        }

        await h.SetStatusAsync(a, AgentStatus.Available);
        await h.SetStatusAsync(b, AgentStatus.Available);
        Assert.Equal(2, (await h.QueuedAsync(d)).Count);
        await h.CloseAsync((await h.ServedByAsync(a))[0].Id);
        await h.CloseAsync((await h.ServedByAsync(b))[0].Id);
        Assert.Empty(await h.QueuedAsync(d));
        Assert.Equal(2, (await h.ServedByAsync(a)).Count);
        Assert.Equal(2, (await h.ServedByAsync(b)).Count);
    }
}
