using System.Collections.Immutable;
using Omnichannel.Agents;
using Omnichannel.Routing.Algorithms;
using Omnichannel.Routing.Tests.Support;
using Omnichannel.Testing;

namespace Omnichannel.Routing.Tests.Dispatch;

/// <summary>
/// A read of a department's queue is applied in one batch, except in departments whose conversations need reads of their own
/// (preferred agents: the contact and their history): both ways must give every entry its request and keep arrival order.
/// </summary>
public class BulkReadTests
{
    private static void Configure(Routing.DependencyInjection.RoutingBuilder r) => r
        .UseLeastBusy()
        .ForDepartment(new DepartmentId("p"), d => d.UseLeastBusy().PreferAgentsWhoKnowTheContact())
        .ForDepartment(new DepartmentId("s"), d => d.UseSkills(o => o.RelaxationSteps = 0))
        .Configure(o => o.RequiredSkills = c => c.ContactId.Value.StartsWith("es", StringComparison.Ordinal) ? [new SkillRequirement("spanish", 1)] : []);

    [Fact]
    public async Task A_restarted_router_gives_queued_conversations_their_preferred_agents_and_skills_and_keeps_their_order()
    {
        var stores = HarnessStores.CreateNew();
        var ids = new SequentialConversationIdGenerator();
        ConversationId managed, plainInP, spanish, plainInS, third, fourth;
        await using (var before = RoutingHarness.Create(Configure, stores: stores, ids: ids))
        {
            await before.DepartmentAsync("p", maxChatsPerAgent: 1);
            await before.DepartmentAsync("s", maxChatsPerAgent: 1);
            await before.AgentAsync("a", "p", status: AgentStatus.Away);
            await before.AgentAsync("m", "p", status: AgentStatus.Away);
            await before.AgentAsync("x", "s", status: AgentStatus.Away);
            await before.AgentAsync("y", "s", status: AgentStatus.Away, configure: y => y with { Skills = ImmutableDictionary<string, int>.Empty.Add("spanish", 1) });
            await before.ContactAsync("managed", manager: "m");
            managed = await before.ArriveAsync("managed", "p");
            plainInP = await before.ArriveAsync("plain-p", "p");
            third = await before.ArriveAsync("third-p", "p");
            spanish = await before.ArriveAsync("es-1", "s");
            plainInS = await before.ArriveAsync("plain-s", "s");
            fourth = await before.ArriveAsync("fourth-s", "s");
        }

        // While no router runs, everyone comes back (written straight to the store: no event reaches anyone).
        foreach (var id in new[] { "a", "m", "x", "y" })
        {
            var agent = (await stores.Agents.GetAsync(new AgentId(id), default))!;
            await stores.Agents.SaveAsync(agent with { Status = AgentStatus.Available }, default);
        }

        await using var after = RoutingHarness.Create(Configure, stores: stores, ids: ids);
        await after.Routing.StartAsync();
        await after.SettleAsync();

        // Least busy alone would give the first of each queue to a and x (equal loads, ids first).
        Assert.Equal(new AgentId("m"), await after.ServingAsync(managed));
        Assert.Equal(new AgentId("a"), await after.ServingAsync(plainInP));
        Assert.Equal(new AgentId("y"), await after.ServingAsync(spanish));
        Assert.Equal(new AgentId("x"), await after.ServingAsync(plainInS));
        Assert.Equal([third], await after.QueueOrderAsync(new DepartmentId("p")));
        Assert.Equal([fourth], await after.QueueOrderAsync(new DepartmentId("s")));
    }
}
