using Omnichannel.Agents;
using Omnichannel.Conversations;
using Omnichannel.Routing.Tests.Support;

namespace Omnichannel.Routing.Tests.Dispatch;

/// <summary>Only Available members with room are ever assigned: per agent, per department, on hold counted only when configured.</summary>
public class EligibilityAndCapacityTests
{
    [Theory]
    [InlineData(AgentStatus.Away)]
    [InlineData(AgentStatus.Offline)]
    public async Task Agents_who_are_not_available_are_never_assigned(AgentStatus status)
    {
        await using var h = RoutingHarness.Create();
        await h.DepartmentAsync("d");
        var a = await h.AgentAsync("a", "d", status: status);
        var conversation = await h.ArriveAsync("k", "d");
        await h.Routing.DispatchAsync();
        Assert.Equal(ConversationState.Queued, await h.StateAsync(conversation));
        await h.SetStatusAsync(a, AgentStatus.Available);
        Assert.Equal(a, await h.ServingAsync(conversation));
    }

    [Fact]
    public async Task Agents_of_other_departments_are_never_assigned()
    {
        await using var h = RoutingHarness.Create();
        await h.DepartmentAsync("d");
        await h.DepartmentAsync("other");
        var outsider = await h.AgentAsync("a", "other");
        var conversation = await h.ArriveAsync("k", "d");
        await h.Routing.DispatchAsync();
        Assert.Equal(ConversationState.Queued, await h.StateAsync(conversation));
        Assert.Empty(await h.ServedByAsync(outsider));
    }

    [Fact]
    public async Task Joining_a_department_drains_its_queue_and_leaving_it_stops_assignments()
    {
        await using var h = RoutingHarness.Create();
        await h.DepartmentAsync("d");
        await h.DepartmentAsync("other");
        var a = await h.AgentAsync("a", "other");
        var first = await h.ArriveAsync("k1", "d");
        var agent = (await h.Agents.GetAsync(a))!;
        agent = (await h.Agents.UpdateAsync(agent with { Departments = agent.Departments.Add(new DepartmentId("d")) })).GetValueOrThrow();
        await h.SettleAsync();
        Assert.Equal(a, await h.ServingAsync(first));
        (await h.Agents.UpdateAsync(agent with { Departments = [new DepartmentId("other")] })).GetValueOrThrow();
        await h.SettleAsync();
        var second = await h.ArriveAsync("k2", "d");
        Assert.Equal(ConversationState.Queued, await h.StateAsync(second));
    }

    [Fact]
    public async Task Users_without_the_take_permission_or_an_omnichannel_role_are_never_assigned()
    {
        await using var h = RoutingHarness.Create();
        await h.DepartmentAsync("d");
        var noPermission = await h.AgentAsync("a", "d", configure: x => x with { Permissions = AgentPermissions.DefaultAgent & ~AgentPermissions.TakeConversation });
        var noRole = await h.AgentAsync("b", "d", configure: x => x with { Roles = AgentRoles.None });
        var conversation = await h.ArriveAsync("k", "d");
        await h.Routing.DispatchAsync();
        Assert.Equal(ConversationState.Queued, await h.StateAsync(conversation));
        Assert.Empty(await h.ServedByAsync(noPermission));
        Assert.Empty(await h.ServedByAsync(noRole));
    }

    [Fact]
    public async Task An_agent_is_never_assigned_past_their_own_limit_across_departments()
    {
        await using var h = RoutingHarness.Create();
        await h.DepartmentAsync("d1");
        await h.DepartmentAsync("d2");
        var a = await h.AgentAsync("a", ["d1", "d2"], max: 2);
        await h.ArriveAsync("k1", "d1");
        await h.ArriveAsync("k2", "d2");
        var third = await h.ArriveAsync("k3", "d1");
        var fourth = await h.ArriveAsync("k4", "d2");
        Assert.Equal(2, (await h.ServedByAsync(a)).Count);
        Assert.Equal(ConversationState.Queued, await h.StateAsync(third));
        Assert.Equal(ConversationState.Queued, await h.StateAsync(fourth));
    }

    [Fact]
    public async Task An_agent_is_never_assigned_past_the_departments_limit_but_still_serves_other_departments()
    {
        await using var h = RoutingHarness.Create();
        await h.DepartmentAsync("limited", maxChatsPerAgent: 1);
        await h.DepartmentAsync("open");
        var a = await h.AgentAsync("a", ["limited", "open"]);
        await h.ArriveAsync("k1", "limited");
        var second = await h.ArriveAsync("k2", "limited");
        var other = await h.ArriveAsync("k3", "open");
        Assert.Equal(ConversationState.Queued, await h.StateAsync(second));
        Assert.Equal(a, await h.ServingAsync(other));
    }

    [Fact]
    public async Task The_smaller_of_the_agent_and_department_limits_applies()
    {
        await using var h = RoutingHarness.Create();
        await h.DepartmentAsync("d", maxChatsPerAgent: 3);
        var a = await h.AgentAsync("a", "d", max: 2);
        for (var i = 0; i < 4; i++)
        {
            await h.ArriveAsync($"k{i}", "d");
        }

        Assert.Equal(2, (await h.ServedByAsync(a)).Count);
        Assert.Equal(2, (await h.QueuedAsync(new DepartmentId("d"))).Count);
    }

    [Fact]
    public async Task A_flood_of_arrivals_fills_every_agent_exactly_to_capacity()
    {
        await using var h = RoutingHarness.Create();
        var d = await h.DepartmentAsync("d", maxChatsPerAgent: 2);
        var agents = new[] { await h.AgentAsync("a", "d"), await h.AgentAsync("b", "d"), await h.AgentAsync("c", "d", max: 1) };
        for (var i = 0; i < 20; i++)
        {
            await h.ArriveAsync($"k{i}", "d");
        }

        var served = await Task.WhenAll(agents.Select(async a => (await h.ServedByAsync(a)).Count));
        Assert.Equal([2, 2, 1], served);
        Assert.Equal(15, (await h.QueuedAsync(d)).Count);
    }

    [Fact]
    public async Task On_hold_conversations_free_capacity_by_default()
    {
        await using var h = RoutingHarness.Create();
        await h.DepartmentAsync("d", maxChatsPerAgent: 1);
        var a = await h.AgentAsync("a", "d", max: 1);
        var first = await h.ArriveAsync("k1", "d");
        var second = await h.ArriveAsync("k2", "d");
        Assert.Equal(ConversationState.Queued, await h.StateAsync(second));
        await h.HoldAsync(first); // frees the slot at once
        Assert.Equal(a, await h.ServingAsync(second));
    }

    [Fact]
    public async Task On_hold_conversations_count_when_the_option_is_set()
    {
        await using var h = RoutingHarness.Create(core: o => o.CountOnHoldTowardCapacity = true);
        await h.DepartmentAsync("d");
        var a = await h.AgentAsync("a", "d", max: 1);
        var first = await h.ArriveAsync("k1", "d");
        await h.HoldAsync(first);
        var second = await h.ArriveAsync("k2", "d");
        await h.Routing.DispatchAsync();
        Assert.Equal(ConversationState.Queued, await h.StateAsync(second));
        await h.CloseAsync(first);
        Assert.Equal(a, await h.ServingAsync(second));
    }

    [Fact]
    public async Task On_hold_conversations_count_toward_the_departments_limit_when_the_option_is_set()
    {
        await using var h = RoutingHarness.Create(core: o => o.CountOnHoldTowardCapacity = true);
        await h.DepartmentAsync("d", maxChatsPerAgent: 1);
        await h.AgentAsync("a", "d");
        var first = await h.ArriveAsync("k1", "d");
        await h.HoldAsync(first);
        var second = await h.ArriveAsync("k2", "d");
        Assert.Equal(ConversationState.Queued, await h.StateAsync(second));
    }

    [Fact]
    public async Task Raising_a_departments_limit_drains_its_queue_at_once()
    {
        await using var h = RoutingHarness.Create();
        await h.DepartmentAsync("d", maxChatsPerAgent: 1);
        var a = await h.AgentAsync("a", "d");
        await h.ArriveAsync("k1", "d");
        var second = await h.ArriveAsync("k2", "d");
        var department = (await h.Departments.GetAsync(new DepartmentId("d")))!;
        (await h.Departments.SaveAsync(department with { MaxChatsPerAgent = 2 })).GetValueOrThrow();
        await h.SettleAsync();
        Assert.Equal(a, await h.ServingAsync(second));
    }

    [Fact]
    public async Task Raising_an_agents_limit_drains_the_queue_at_once()
    {
        await using var h = RoutingHarness.Create();
        await h.DepartmentAsync("d");
        var a = await h.AgentAsync("a", "d", max: 1);
        await h.ArriveAsync("k1", "d");
        var second = await h.ArriveAsync("k2", "d");
        var agent = (await h.Agents.GetAsync(a))!;
        (await h.Agents.UpdateAsync(agent with { MaxSimultaneousConversations = 2 })).GetValueOrThrow();
        await h.SettleAsync();
        Assert.Equal(a, await h.ServingAsync(second));
    }
}
