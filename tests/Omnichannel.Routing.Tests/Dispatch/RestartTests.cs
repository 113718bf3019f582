using Omnichannel.Agents;
using Omnichannel.Conversations;
using Omnichannel.Routing.Tests.Support;
using Omnichannel.Testing;

namespace Omnichannel.Routing.Tests.Dispatch;

/// <summary>A new container over the same stores picks up queued work and the agents' loads when it starts.</summary>
public class RestartTests
{
    [Fact]
    public async Task A_restarted_router_serves_the_queue_it_finds_without_overloading_busy_agents()
    {
        var stores = HarnessStores.CreateNew();
        var ids = new SequentialConversationIdGenerator();
        ConversationId busy, first, second, third;
        await using (var before = RoutingHarness.Create(stores: stores, ids: ids))
        {
            await before.DepartmentAsync("d", maxChatsPerAgent: 1);
            await before.AgentAsync("a", "d");
            await before.AgentAsync("b", "d", status: AgentStatus.Away);
            busy = await before.ArriveAsync("k0", "d");
            first = await before.ArriveAsync("k1", "d");
            second = await before.ArriveAsync("k2", "d");
            third = await before.ArriveAsync("k3", "d");
            Assert.Equal(new AgentId("a"), await before.ServingAsync(busy));
        }

        // While no router runs, b comes back (written straight to the store: no event reaches anyone).
        var b = (await stores.Agents.GetAsync(new AgentId("b"), default))!;
        await stores.Agents.SaveAsync(b with { Status = AgentStatus.Available }, default);

        await using var after = RoutingHarness.Create(stores: stores, ids: ids);
        Assert.Equal(ConversationState.Queued, await after.StateAsync(first));
        await after.Routing.StartAsync();
        await after.SettleAsync();
        Assert.Equal(b.Id, await after.ServingAsync(first));
        Assert.Equal(new AgentId("a"), await after.ServingAsync(busy));
        Assert.Single(await after.ServedByAsync(new AgentId("a"))); // a is full: its load was loaded, not assumed zero
        Assert.Equal([second, third], await after.QueueOrderAsync(new DepartmentId("d")));

        // The restarted router reacts to events as usual.
        await after.CloseAsync(busy);
        Assert.Equal(new AgentId("a"), await after.ServingAsync(second));
    }

    [Fact]
    public async Task Start_is_idempotent_and_the_first_event_starts_routing()
    {
        var stores = HarnessStores.CreateNew();
        var ids = new SequentialConversationIdGenerator();
        ConversationId queued;
        await using (var before = RoutingHarness.Create(stores: stores, ids: ids))
        {
            await before.DepartmentAsync("d");
            await before.AgentAsync("a", "d", status: AgentStatus.Away);
            queued = await before.ArriveAsync("k1", "d");
        }

        await using var after = RoutingHarness.Create(stores: stores, ids: ids);
        // No StartAsync: the agent's status change is the first event the new router sees.
        await after.SetStatusAsync(new AgentId("a"), AgentStatus.Available);
        Assert.Equal(new AgentId("a"), await after.ServingAsync(queued));
        await after.Routing.StartAsync();
        await after.SettleAsync();
        await after.Routing.StartAsync();
        await after.SettleAsync();
        Assert.Single(await after.ServedByAsync(new AgentId("a")));
    }
}
