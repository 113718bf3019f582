using System.Collections.Immutable;
using NodaTime;
using Omnichannel.Agents;
using Omnichannel.Conversations;
using Omnichannel.Routing.Algorithms;
using Omnichannel.Routing.Dispatch;

namespace Omnichannel.Routing.Tests.Algorithms;

/// <summary>Each built-in algorithm's rule and exact tie-break, on the router's own view of agents (no container).</summary>
public class RoutingAlgorithmsTests
{
    private static readonly Instant T0 = Instant.FromUtc(2026, 1, 1, 9, 0);

    private static RoutedAgent Agent(string id, int active = 0, int onHold = 0, int reserved = 0, int routedAt = 0, int idleSince = 0, params (string Skill, int Level)[] skills) =>
        new(new Agent
        {
            Id = new AgentId(id),
            Username = id,
            Status = AgentStatus.Available,
            Skills = skills.ToImmutableDictionary(s => s.Skill, s => s.Level),
        })
        {
            ActiveConversations = active,
            OnHoldConversations = onHold,
            ReservedConversations = reserved,
            LastRoutedAt = T0 + Duration.FromSeconds(routedAt),
            IdleSince = T0 + Duration.FromSeconds(idleSince),
        };

    private static EligibleAgents Eligible(params RoutedAgent[] agents) => Eligible(null, agents);

    private static EligibleAgents Eligible(HashSet<AgentId>? excluded, params RoutedAgent[] agents)
    {
        var pool = new AgentPool();
        foreach (var agent in agents)
        {
            pool.Add(agent);
        }

        return new EligibleAgents(pool).For(excluded);
    }

    private static RoutingRequest Request(ImmutableArray<AgentId> preferred = default, params SkillRequirement[] skills) =>
        new(new ConversationId("c"), new DepartmentId("d"), new ContactId("k"), ConversationPriority.None, T0, preferred.IsDefault ? [] : preferred, [.. skills]);

    private static string? Select(IRoutingAlgorithm algorithm, EligibleAgents agents, RoutingRequest? request = null) =>
        algorithm.SelectAgent(request ?? Request(), agents)?.Value;

    [Fact]
    public void Least_busy_counts_on_hold_conversations_as_open()
    {
        // b: 1 open; a: 0 active but 2 on hold = 2 open.
        var agents = Eligible(Agent("a", onHold: 2), Agent("b", active: 1));
        Assert.Equal("b", Select(RoutingAlgorithms.LeastBusy, agents));
    }

    [Fact]
    public void Least_busy_counts_conversations_being_assigned()
    {
        var agents = Eligible(Agent("a", reserved: 1), Agent("b", active: 0, routedAt: 5));
        Assert.Equal("b", Select(RoutingAlgorithms.LeastBusy, agents));
    }

    [Fact]
    public void Least_busy_breaks_ties_by_longest_since_last_routed_then_by_ordinal_id()
    {
        Assert.Equal("z", Select(RoutingAlgorithms.LeastBusy, Eligible(Agent("a", active: 1, routedAt: 10), Agent("z", onHold: 1, routedAt: 9))));
        // Same load and same last-routed time: ordinal id ("a10" < "a9"), not registration or list order.
        Assert.Equal("a10", Select(RoutingAlgorithms.LeastBusy, Eligible(Agent("a9", active: 1), Agent("a10", active: 1))));
        Assert.Equal("a10", Select(RoutingAlgorithms.LeastBusy, Eligible(Agent("a10", active: 1), Agent("a9", active: 1))));
    }

    [Fact]
    public void Load_balancing_ignores_on_hold_conversations()
    {
        var agents = Eligible(Agent("a", onHold: 3), Agent("b", active: 1));
        Assert.Equal("a", Select(RoutingAlgorithms.LoadBalancing, agents));
    }

    [Fact]
    public void Load_balancing_breaks_ties_by_longest_since_last_routed_then_by_ordinal_id()
    {
        Assert.Equal("b", Select(RoutingAlgorithms.LoadBalancing, Eligible(Agent("a", active: 1, routedAt: 10), Agent("b", active: 1, onHold: 4, routedAt: 2))));
        Assert.Equal("B", Select(RoutingAlgorithms.LoadBalancing, Eligible(Agent("b", active: 1), Agent("B", active: 1))));
    }

    [Fact]
    public void Load_balancing_counts_conversations_being_assigned()
    {
        Assert.Equal("b", Select(RoutingAlgorithms.LoadBalancing, Eligible(Agent("a", reserved: 1), Agent("b", routedAt: 50))));
    }

    [Fact]
    public void Round_robin_picks_the_longest_since_last_routed_whatever_the_load()
    {
        var agents = Eligible(Agent("a", active: 0, routedAt: 20), Agent("b", active: 5, onHold: 2, routedAt: 10), Agent("c", routedAt: 30));
        Assert.Equal("b", Select(RoutingAlgorithms.RoundRobin, agents));
    }

    [Fact]
    public void Round_robin_breaks_ties_by_ordinal_id()
    {
        Assert.Equal("x1", Select(RoutingAlgorithms.RoundRobin, Eligible(Agent("x2", routedAt: 3), Agent("x1", routedAt: 3), Agent("x3", routedAt: 4))));
    }

    [Fact]
    public void Longest_idle_picks_the_earliest_idle_since_whatever_the_load_or_last_routing()
    {
        var agents = Eligible(Agent("a", idleSince: 30, routedAt: 0), Agent("b", active: 3, idleSince: 10, routedAt: 100), Agent("c", idleSince: 20));
        Assert.Equal("b", Select(RoutingAlgorithms.LongestIdle, agents));
    }

    [Fact]
    public void Longest_idle_breaks_ties_by_ordinal_id()
    {
        Assert.Equal("m", Select(RoutingAlgorithms.LongestIdle, Eligible(Agent("n", idleSince: 7), Agent("m", idleSince: 7))));
    }

    [Fact]
    public void Manual_selection_never_assigns()
    {
        Assert.Null(Select(RoutingAlgorithms.ManualSelection, Eligible(Agent("a"), Agent("b"))));
    }

    [Theory]
    [InlineData(RoutingOrder.LeastBusy)]
    [InlineData(RoutingOrder.LoadBalancing)]
    [InlineData(RoutingOrder.RoundRobin)]
    [InlineData(RoutingOrder.LongestIdle)]
    public void Every_order_skips_excluded_agents_and_returns_null_when_none_is_left(RoutingOrder order)
    {
        var a = Agent("a");
        var b = Agent("b", active: 2, onHold: 2, routedAt: 9, idleSince: 9);
        var eligible = Eligible([a.Id], a, b);
        Assert.Equal("b", eligible.First(order)?.Id.Value);
        Assert.Equal(["b"], eligible.InOrder(order).Select(x => x.Id.Value));
        Assert.Equal(1, eligible.Count);
        Assert.False(eligible.Contains(a.Id));
        Assert.Null(Eligible([a.Id, b.Id], a, b).First(order));
    }

    [Fact]
    public void The_comparer_orders_every_pair_strictly_and_consistently()
    {
        var agents = new[]
        {
            Agent("a", active: 1, onHold: 1, routedAt: 3, idleSince: 4),
            Agent("b", active: 2, onHold: 0, routedAt: 3, idleSince: 4),
            Agent("c", active: 0, onHold: 2, routedAt: 1, idleSince: 2),
            Agent("d", active: 2, onHold: 0, routedAt: 3, idleSince: 1),
        };
        foreach (var order in Enum.GetValues<RoutingOrder>())
        {
            var comparer = RoutedAgentComparer.For(order);
            foreach (var x in agents)
            {
                Assert.Equal(0, comparer.Compare(x, x));
                foreach (var y in agents.Where(y => !ReferenceEquals(x, y)))
                {
                    Assert.NotEqual(0, comparer.Compare(x, y));
                    Assert.Equal(-Math.Sign(comparer.Compare(x, y)), Math.Sign(comparer.Compare(y, x)));
                }
            }
        }
    }

    [Fact]
    public void Skills_prefers_an_exact_match_over_an_agent_first_in_the_order()
    {
        // a is first by load balancing but only has spanish 2; b has spanish 3 exactly.
        var agents = Eligible(Agent("a", skills: ("spanish", 2)), Agent("b", active: 2, skills: ("spanish", 3)));
        Assert.Equal("b", Select(RoutingAlgorithms.Skills(), agents, Request(default, new SkillRequirement("spanish", 3))));
    }

    [Fact]
    public void Skills_takes_matching_agents_in_the_configured_order()
    {
        var agents = Eligible(Agent("a", active: 2, routedAt: 0, skills: ("spanish", 5)), Agent("b", active: 0, routedAt: 9, skills: ("spanish", 3)), Agent("c"));
        var request = Request(default, new SkillRequirement("spanish", 3));
        Assert.Equal("b", Select(RoutingAlgorithms.Skills(new() { Order = RoutingOrder.LoadBalancing }), agents, request));
        Assert.Equal("a", Select(RoutingAlgorithms.Skills(new() { Order = RoutingOrder.RoundRobin }), agents, request));
    }

    [Fact]
    public void Skills_relaxes_levels_one_step_at_a_time_up_to_the_configured_steps()
    {
        var agents = Eligible(Agent("one", skills: ("spanish", 1)), Agent("two", active: 3, skills: ("spanish", 2)));
        var request = Request(default, new SkillRequirement("spanish", 3));
        Assert.Null(Select(RoutingAlgorithms.Skills(new() { RelaxationSteps = 0 }), agents, request));
        // Step 1 accepts level 2 only, even though "one" is first by load balancing.
        Assert.Equal("two", Select(RoutingAlgorithms.Skills(new() { RelaxationSteps = 1 }), agents, request));
        Assert.Equal("two", Select(RoutingAlgorithms.Skills(new() { RelaxationSteps = 2 }), agents, request));
        Assert.Equal("one", Select(RoutingAlgorithms.Skills(new() { RelaxationSteps = 2 }), Eligible(Agent("one", skills: ("spanish", 1))), request));
    }

    [Fact]
    public void Skills_never_relaxes_a_skill_away_and_needs_every_required_skill()
    {
        var agents = Eligible(Agent("none"), Agent("half", skills: ("spanish", 3)));
        var request = Request(default, new SkillRequirement("spanish", 1), new SkillRequirement("billing", 1));
        Assert.Null(Select(RoutingAlgorithms.Skills(new() { RelaxationSteps = 10 }), agents, request));
        Assert.Equal("both", Select(RoutingAlgorithms.Skills(), Eligible(Agent("half", skills: ("spanish", 3)), Agent("both", active: 4, skills: [("spanish", 1), ("billing", 2)])), request));
    }

    [Fact]
    public void Skills_falls_back_to_any_agent_only_when_configured()
    {
        var agents = Eligible(Agent("b", routedAt: 1), Agent("a", routedAt: 2));
        var request = Request(default, new SkillRequirement("german", 2));
        Assert.Null(Select(RoutingAlgorithms.Skills(new() { FallBackToAnyAgent = false }), agents, request));
        Assert.Equal("b", Select(RoutingAlgorithms.Skills(new() { FallBackToAnyAgent = true }), agents, request));
    }

    [Fact]
    public void Skills_without_requirements_uses_the_order()
    {
        Assert.Equal("b", Select(RoutingAlgorithms.Skills(), Eligible(Agent("a", active: 1), Agent("b"))));
    }

    [Fact]
    public void Skills_refuses_negative_relaxation()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => RoutingAlgorithms.Skills(new() { RelaxationSteps = -1 }));
    }

    [Fact]
    public void Preferred_agent_takes_the_contacts_manager_first_then_the_last_agent_then_the_inner_algorithm()
    {
        var algorithm = RoutingAlgorithms.PreferredAgent(RoutingAlgorithms.LeastBusy);
        var manager = Agent("manager", active: 3);
        var last = Agent("last", active: 2);
        var idle = Agent("idle");
        var request = Request([manager.Id, last.Id]);
        Assert.Equal("manager", Select(algorithm, Eligible(manager, last, idle), request));
        Assert.Equal("last", Select(algorithm, Eligible(last, idle), request));
        Assert.Equal("last", Select(algorithm, Eligible([manager.Id], manager, last, idle), request));
        Assert.Equal("idle", Select(algorithm, Eligible(idle, Agent("other", active: 1)), request));
        Assert.Equal("idle", Select(algorithm, Eligible(idle, Agent("other", active: 1)), Request()));
    }

    [Fact]
    public void Preferred_agent_wraps_manual_selection_without_assigning_strangers()
    {
        var algorithm = RoutingAlgorithms.PreferredAgent(RoutingAlgorithms.ManualSelection);
        var known = Agent("known");
        Assert.Equal("known", Select(algorithm, Eligible(known, Agent("other")), Request([known.Id])));
        Assert.Null(Select(algorithm, Eligible(Agent("other")), Request([known.Id])));
    }

    [Fact]
    public void MinBy_for_custom_algorithms_breaks_ties_by_ordinal_id_and_skips_excluded_agents()
    {
        var a = Agent("a", onHold: 1);
        var b = Agent("b", onHold: 1);
        var c = Agent("c", onHold: 2);
        Assert.Equal("a", Eligible(c, b, a).MinBy(static x => x.OnHoldConversations)?.Id.Value);
        Assert.Equal("b", Eligible([a.Id], c, b, a).MinBy(static x => x.OnHoldConversations)?.Id.Value);
        Assert.Null(Eligible([a.Id, b.Id, c.Id], a, b, c).MinBy(static x => x.OnHoldConversations));
    }
}
