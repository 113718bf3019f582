using System.Collections.Immutable;
using NodaTime;
using Omnichannel.Agents;
using Omnichannel.Conversations;
using Omnichannel.Notifications;
using Omnichannel.Routing.Algorithms;
using Omnichannel.Routing.DependencyInjection;
using Omnichannel.Routing.Tests.Support;

namespace Omnichannel.Routing.Tests.Algorithms;

/// <summary>Each algorithm end to end: selected through AddOmnichannelRouting, globally and per department, deciding real assignments.</summary>
public class AlgorithmSelectionTests
{
    private static readonly Duration Second = Duration.FromSeconds(1);

    /// <summary>The custom algorithm of the IRoutingAlgorithm docs, verbatim.</summary>
    private sealed class FewestOnHold : IRoutingAlgorithm
    {
        public AgentId? SelectAgent(in RoutingRequest request, EligibleAgents agents) =>
            agents.MinBy(static a => (a.OnHoldConversations, a.Id.Value))?.Id;
    }

    internal sealed record PinnedAgent(AgentId Id);

    /// <summary>A custom algorithm created by the container, with a service injected.</summary>
    private sealed class PinnedAlgorithm(PinnedAgent pinned) : IRoutingAlgorithm
    {
        public AgentId? SelectAgent(in RoutingRequest request, EligibleAgents agents) => pinned.Id;
    }

    /// <summary>a serves two taken conversations, b one on hold; both Available. Departments d1 and d2, both agents in both.</summary>
    private static async Task<(RoutingHarness H, AgentId A, AgentId B)> TwoBusyAgentsAsync(Action<RoutingBuilder> routing)
    {
        var h = RoutingHarness.Create(routing);
        await h.DepartmentAsync("d1");
        await h.DepartmentAsync("d2");
        var a = await h.AgentAsync("a", ["d1", "d2"]);
        var b = await h.AgentAsync("b", ["d1", "d2"], status: AgentStatus.Away);
        await h.ArriveAsync("k1", "d1");
        await h.ArriveAsync("k2", "d1");
        await h.SetStatusAsync(a, AgentStatus.Away);
        await h.SetStatusAsync(b, AgentStatus.Available);
        var onHold = await h.ArriveAsync("k3", "d1");
        Assert.Equal(b, await h.ServingAsync(onHold));
        await h.HoldAsync(onHold);
        await h.SetStatusAsync(a, AgentStatus.Available);
        Assert.Equal(2, (await h.ServedByAsync(a)).Count);
        return (h, a, b);
    }

    [Fact]
    public async Task Least_busy_is_the_default_and_counts_on_hold_conversations()
    {
        // a: 2 open; b: 1 open (on hold) -> b.
        var (h, _, b) = await TwoBusyAgentsAsync(_ => { });
        await using var _h = h;
        Assert.Equal(b, await h.ServingAsync(await h.ArriveAsync("k4", "d1")));
    }

    [Fact]
    public async Task Load_balancing_ignores_on_hold_and_breaks_ties_by_longest_since_last_routed()
    {
        await using var h = RoutingHarness.Create(r => r.UseLoadBalancing());
        await h.DepartmentAsync("d");
        var a = await h.AgentAsync("a", "d");
        var b = await h.AgentAsync("b", "d");
        await h.Time.AdvanceByAsync(Second);
        var first = await h.ArriveAsync("k1", "d");
        Assert.Equal(a, await h.ServingAsync(first)); // tie on everything: id
        await h.HoldAsync(first);
        await h.Time.AdvanceByAsync(Second);
        // a: 0 active (1 on hold), b: 0 active; b was routed longest ago (never) -> b.
        var second = await h.ArriveAsync("k2", "d");
        Assert.Equal(b, await h.ServingAsync(second));
        await h.Time.AdvanceByAsync(Second);
        // a: 0 active, b: 1 active -> a despite the on-hold one.
        Assert.Equal(a, await h.ServingAsync(await h.ArriveAsync("k3", "d")));
    }

    [Fact]
    public async Task Round_robin_rotates_by_last_routed_even_when_an_agent_is_less_busy()
    {
        await using var h = RoutingHarness.Create(r => r.UseRoundRobin());
        await h.DepartmentAsync("d");
        var agents = new[] { await h.AgentAsync("a", "d"), await h.AgentAsync("b", "d"), await h.AgentAsync("c", "d") };
        var served = new List<ConversationId>();
        for (var i = 0; i < 3; i++)
        {
            await h.Time.AdvanceByAsync(Second);
            served.Add(await h.ArriveAsync($"k{i}", "d"));
        }

        Assert.Equal(agents, await Task.WhenAll(served.Select(async c => (await h.ServingAsync(c))!.Value)));
        await h.CloseAsync(served[1]); // b is now the least busy, but a was routed longest ago
        await h.Time.AdvanceByAsync(Second);
        Assert.Equal(agents[0], await h.ServingAsync(await h.ArriveAsync("k9", "d")));
    }

    [Fact]
    public async Task Round_robin_skips_agents_at_capacity()
    {
        await using var h = RoutingHarness.Create(r => r.UseRoundRobin());
        await h.DepartmentAsync("d");
        var a = await h.AgentAsync("a", "d", max: 1);
        var b = await h.AgentAsync("b", "d", max: 5);
        await h.ArriveAsync("k1", "d");
        await h.Time.AdvanceByAsync(Second);
        await h.ArriveAsync("k2", "d");
        await h.Time.AdvanceByAsync(Second);
        // a was routed longest ago but is full.
        Assert.Equal(b, await h.ServingAsync(await h.ArriveAsync("k3", "d")));
        Assert.Single(await h.ServedByAsync(a));
    }

    [Fact]
    public async Task Longest_idle_counts_from_the_last_close_or_the_return_to_available()
    {
        await using var h = RoutingHarness.Create(r => r.UseLongestIdle());
        await h.DepartmentAsync("d");
        var a = await h.AgentAsync("a", "d");
        var b = await h.AgentAsync("b", "d");
        await h.Time.AdvanceByAsync(Second);
        var c1 = await h.ArriveAsync("k1", "d");
        Assert.Equal(a, await h.ServingAsync(c1)); // both idle since registration: id
        await h.Time.AdvanceByAsync(Second);
        await h.CloseAsync(c1); // a finished just now; b has been idle since registration
        await h.Time.AdvanceByAsync(Second);
        Assert.Equal(b, await h.ServingAsync(await h.ArriveAsync("k2", "d")));
        await h.Time.AdvanceByAsync(Second);
        await h.SetStatusAsync(b, AgentStatus.Away);
        await h.SetStatusAsync(b, AgentStatus.Available); // b became available after a's last close
        await h.Time.AdvanceByAsync(Second);
        Assert.Equal(a, await h.ServingAsync(await h.ArriveAsync("k3", "d")));
    }

    [Fact]
    public async Task Manual_selection_assigns_nobody_and_alerts_the_eligible_agents()
    {
        await using var h = RoutingHarness.Create(r => r.UseManualSelection());
        await h.DepartmentAsync("d", maxChatsPerAgent: 1);
        var a = await h.AgentAsync("a", "d");
        var b = await h.AgentAsync("b", "d");
        await h.AgentAsync("away", "d", status: AgentStatus.Away);
        await h.AgentAsync("other", "elsewhere-less", status: AgentStatus.Available, configure: x => x with { Departments = [] });
        var first = await h.ArriveAsync("k1", "d");
        Assert.Equal(ConversationState.Queued, await h.StateAsync(first));
        Assert.Equal<AgentId>([a, b], h.Events.LastOfType<ConversationQueued>()!.AgentsToAlert);
        (await h.Conversations.TakeAsync(first, a)).GetValueOrThrow();
        await h.SettleAsync();
        var second = await h.ArriveAsync("k2", "d");
        Assert.Equal(ConversationState.Queued, await h.StateAsync(second));
        Assert.Equal<AgentId>([b], h.Events.LastOfType<ConversationQueued>()!.AgentsToAlert); // a is at the department's limit
        await h.Routing.DispatchAsync();
        Assert.Equal(ConversationState.Queued, await h.StateAsync(second));
    }

    [Fact]
    public async Task Skills_routes_to_the_exact_match_and_looks_past_a_head_nobody_can_serve()
    {
        await using var h = RoutingHarness.Create(r => r.UseSkills(o => o.RelaxationSteps = 0).Configure(o =>
            o.RequiredSkills = c => c.ContactId.Value switch
            {
                var k when k.StartsWith("es", StringComparison.Ordinal) => [new SkillRequirement("spanish", 2)],
                var k when k.StartsWith("de", StringComparison.Ordinal) => [new SkillRequirement("german", 1)],
                _ => [],
            }));
        await h.DepartmentAsync("d", maxChatsPerAgent: 1);
        var plain = await h.AgentAsync("a", "d");
        var spanish = await h.AgentAsync("b", "d", configure: x => x with { Skills = ImmutableDictionary<string, int>.Empty.Add("spanish", 2) });
        var es = await h.ArriveAsync("es1", "d");
        Assert.Equal(spanish, await h.ServingAsync(es));
        var de = await h.ArriveAsync("de1", "d"); // nobody speaks german
        await h.Time.AdvanceByAsync(Second);
        var en = await h.ArriveAsync("en1", "d");
        Assert.Equal(ConversationState.Queued, await h.StateAsync(de));
        Assert.Equal(plain, await h.ServingAsync(en));
    }

    [Fact]
    public async Task Preferred_agent_gets_the_contacts_manager_then_the_last_agent_then_the_inner_algorithm_decides()
    {
        await using var h = RoutingHarness.Create(r => r.UseLeastBusy().PreferAgentsWhoKnowTheContact());
        await h.DepartmentAsync("d");
        var a = await h.AgentAsync("a", "d");
        var manager = await h.AgentAsync("m", "d");
        await h.ArriveAsync("busy-m", "d"); // a
        await h.ArriveAsync("busy-m2", "d"); // m
        await h.ContactAsync("managed", manager: "m");
        Assert.Equal(manager, await h.ServingAsync(await h.ArriveAsync("managed", "d"))); // m is busier than a

        var first = await h.ArriveAsync("returning", "d");
        var servedBefore = (await h.ServingAsync(first))!.Value;
        await h.CloseAsync(first);
        await h.ArriveAsync("load-1", "d");
        await h.ArriveAsync("load-2", "d");
        await h.ArriveAsync("load-3", "d");
        // Least busy alone would pick m (3 open each; m routed longest ago).
        Assert.Equal(a, servedBefore);
        Assert.Equal(servedBefore, await h.ServingAsync(await h.ArriveAsync("returning", "d")));
    }

    [Fact]
    public async Task Preferred_agent_not_eligible_lets_the_inner_algorithm_decide()
    {
        await using var h = RoutingHarness.Create(r => r.UseLeastBusy().PreferAgentsWhoKnowTheContact());
        await h.DepartmentAsync("d");
        var a = await h.AgentAsync("a", "d");
        var m = await h.AgentAsync("m", "d", status: AgentStatus.Away);
        await h.ContactAsync("managed", manager: "m");
        Assert.Equal(a, await h.ServingAsync(await h.ArriveAsync("managed", "d")));
        Assert.Empty(await h.ServedByAsync(m));
    }

    [Fact]
    public async Task A_custom_algorithm_selected_globally_decides()
    {
        var (h, a, _) = await TwoBusyAgentsAsync(r => r.UseAlgorithm(new FewestOnHold()));
        await using var _h = h;
        // Least busy would pick b (1 open vs 2); the custom rule picks a (no conversation on hold).
        Assert.Equal(a, await h.ServingAsync(await h.ArriveAsync("k4", "d1")));
    }

    [Fact]
    public async Task A_custom_algorithm_selected_for_one_department_decides_only_there()
    {
        var (h, a, b) = await TwoBusyAgentsAsync(r => r.UseLeastBusy().ForDepartment(new DepartmentId("d2"), d => d.UseAlgorithm(new FewestOnHold())));
        await using var _h = h;
        Assert.Equal(a, await h.ServingAsync(await h.ArriveAsync("k4", "d2"))); // custom: a has none on hold
        Assert.Equal(b, await h.ServingAsync(await h.ArriveAsync("k5", "d1"))); // least busy: b 1 open, a 3
    }

    [Fact]
    public async Task A_custom_algorithm_type_is_created_by_the_container_with_its_services()
    {
        await using var h = RoutingHarness.Create(r => r.UseAlgorithm<PinnedAlgorithm>(),
            services: s => Microsoft.Extensions.DependencyInjection.ServiceCollectionServiceExtensions.AddSingleton(s, new PinnedAgent(new AgentId("z"))));
        await h.DepartmentAsync("d");
        await h.AgentAsync("a", "d");
        var z = await h.AgentAsync("z", "d");
        Assert.Equal(z, await h.ServingAsync(await h.ArriveAsync("k1", "d")));
    }

    [Fact]
    public async Task An_answer_outside_the_eligible_agents_is_never_assigned()
    {
        await using var h = RoutingHarness.Create(r => r.UseAlgorithm<PinnedAlgorithm>(),
            services: s => Microsoft.Extensions.DependencyInjection.ServiceCollectionServiceExtensions.AddSingleton(s, new PinnedAgent(new AgentId("z"))));
        await h.DepartmentAsync("d");
        await h.DepartmentAsync("other");
        await h.AgentAsync("a", "d");
        var z = await h.AgentAsync("z", "other"); // not a member of d
        var conversation = await h.ArriveAsync("k1", "d");
        Assert.Equal(ConversationState.Queued, await h.StateAsync(conversation));
        Assert.Empty(await h.ServedByAsync(z));
    }
}
