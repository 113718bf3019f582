using System.Collections.Immutable;
using FsCheck;
using FsCheck.Fluent;
using NodaTime;
using Omnichannel.Agents;
using Omnichannel.Routing.Algorithms;
using Omnichannel.Routing.Dispatch;

namespace Omnichannel.Routing.Tests.Indexing;

/// <summary>
/// The pools' slot numbers and the indexes' entries kept by slot: agents that leave a department give their slot to the
/// next agent that enters it, an agent in several departments holds a slot in each pool, and times closer than a tick
/// (the indexes compare ticks first) still order exactly. After every operation of a random sequence, every order of
/// every pool equals that pool's agents sorted by <see cref="RoutedAgentComparer"/>.
/// </summary>
public class AgentPoolSlotPropertyTests
{
    private const int Agents = 10;
    private const int Pools = 3;
    private static readonly Instant Start = Instant.FromUtc(2026, 1, 1, 9, 0);
    private static readonly RoutingOrder[] Orders = Enum.GetValues<RoutingOrder>();

    private enum Kind
    {
        Add,
        Remove,
        Forget,
        SetActive,
        SetOnHold,
        RouteNow,
        FinishNow,
        SetTimesWithinATick,
    }

    private readonly record struct Step(Kind Kind, int Pool, int Agent, int Value);

    private static readonly Gen<Step> Steps =
        from kind in Gen.Frequency(
            (5, Gen.Constant(Kind.Add)), (2, Gen.Constant(Kind.Remove)), (3, Gen.Constant(Kind.Forget)), (2, Gen.Constant(Kind.SetActive)),
            (1, Gen.Constant(Kind.SetOnHold)), (3, Gen.Constant(Kind.RouteNow)), (2, Gen.Constant(Kind.FinishNow)), (3, Gen.Constant(Kind.SetTimesWithinATick)))
        from pool in Gen.Choose(0, Pools - 1)
        from agent in Gen.Choose(0, Agents - 1)
        from value in Gen.Choose(0, 5)
        select new Step(kind, pool, agent, value);

    private static readonly Gen<(int BuiltAfter, Step[] Steps)> Scripts =
        from builtAfter in Gen.Choose(0, 10)
        from steps in Steps.ArrayOf()
        select (builtAfter, steps);

    [Fact]
    public void Agents_leaving_and_joining_departments_and_sub_tick_times_keep_every_pool_in_order()
    {
        var config = Config.QuickThrowOnFailure.WithMaxTest(500).WithEndSize(150).WithQuietOnSuccess(true);
        Check.One(config, Prop.ForAll(Scripts.ToArbitrary(), script => Run(script.BuiltAfter, script.Steps)));
    }

    [Fact]
    public void A_pool_reuses_the_slots_of_agents_who_left_the_department()
    {
        var pool = new AgentPool();
        _ = pool.Index(RoutingOrder.RoundRobin);
        for (var round = 0; round < 50; round++)
        {
            var agents = Enumerable.Range(0, 8).Select(i => NewAgent((round * 8) + i, Start + Duration.FromSeconds(i))).ToArray();
            foreach (var agent in agents)
            {
                pool.Add(agent);
            }

            Assert.Equal(agents[0].Id, pool.Index(RoutingOrder.RoundRobin).First?.Id);
            foreach (var agent in agents)
            {
                pool.Forget(agent);
            }

            Assert.Null(pool.Index(RoutingOrder.RoundRobin).First);
        }

        // 400 agents passed through, never more than 8 at once: the arrays stay the size of the largest membership.
        Assert.Equal(8, pool.SlotCount);
    }

    private static void Run(int builtAfter, Step[] steps)
    {
        var pools = Enumerable.Range(0, Pools).Select(_ => new AgentPool()).ToArray();
        var members = Enumerable.Range(0, Pools).Select(_ => new HashSet<RoutedAgent>()).ToArray();
        var agents = Enumerable.Range(0, Agents).Select(i => NewAgent(i, Start + Duration.FromSeconds(i % 3))).ToArray();
        var now = Start + Duration.FromSeconds(10);
        for (var s = 0; s < steps.Length; s++)
        {
            if (s == builtAfter)
            {
                foreach (var pool in pools)
                {
                    foreach (var order in Orders)
                    {
                        _ = pool.Index(order);
                    }
                }
            }

            var (kind, p, index, value) = steps[s];
            var agent = agents[index];
            switch (kind)
            {
                case Kind.Add:
                    pools[p].Add(agent);
                    members[p].Add(agent);
                    break;
                case Kind.Remove:
                    pools[p].Remove(agent);
                    members[p].Remove(agent);
                    break;
                case Kind.Forget:
                    pools[p].Forget(agent);
                    members[p].Remove(agent);
                    break;
                default:
                    // As the agent directory does: out of every pool before a field an order reads changes, back in after.
                    foreach (var pool in pools)
                    {
                        pool.Remove(agent);
                    }

                    Apply(agent, kind, value, ref now);
                    for (var q = 0; q < Pools; q++)
                    {
                        if (members[q].Contains(agent))
                        {
                            pools[q].Add(agent);
                        }
                    }

                    break;
            }

            for (var q = 0; q < Pools; q++)
            {
                foreach (var order in Orders)
                {
                    var expected = members[q].Order(RoutedAgentComparer.For(order)).Select(a => a.Id.Value).ToList();
                    var actual = new List<string>();
                    foreach (var a in pools[q].Index(order))
                    {
                        actual.Add(a.Id.Value);
                    }

                    Assert.True(expected.SequenceEqual(actual), $"pool {q} {order} after step {s} ({kind} p{p} a{index} {value}): expected [{string.Join(", ", expected)}], got [{string.Join(", ", actual)}]");
                    Assert.Equal(expected.FirstOrDefault(), pools[q].Index(order).First?.Id.Value);
                    Assert.Equal(expected.Count, pools[q].Index(order).Count);
                }

                Assert.Equal(members[q].Count, pools[q].Count);
                Assert.True(members[q].SetEquals(pools[q].Members), $"pool {q} members after step {s}");
                Assert.True(pools[q].SlotCount <= Agents, $"pool {q} handed out {pools[q].SlotCount} slots for {Agents} agents");
            }
        }
    }

    private static void Apply(RoutedAgent agent, Kind kind, int value, ref Instant now)
    {
        switch (kind)
        {
            case Kind.SetActive:
                agent.ActiveConversations = value % 3;
                break;
            case Kind.SetOnHold:
                agent.OnHoldConversations = value % 2;
                break;
            case Kind.RouteNow:
                now += Duration.FromSeconds(value % 2);
                agent.LastRoutedAt = now;
                break;
            case Kind.FinishNow:
                now += Duration.FromSeconds(value % 2);
                agent.IdleSince = now;
                break;
            case Kind.SetTimesWithinATick:
                // A tick is 100 ns: these times share one tick (or two), so only the exact comparison orders them.
                agent.LastRoutedAt = now + Duration.FromNanoseconds(value * 37);
                agent.IdleSince = now + Duration.FromNanoseconds(90 - (value * 23));
                break;
        }
    }

    private static RoutedAgent NewAgent(int i, Instant at) => new(new Agent
    {
        Id = new AgentId($"a{i:D3}"),
        Username = $"a{i}",
        Status = AgentStatus.Available,
        Skills = ImmutableDictionary<string, int>.Empty,
    })
    {
        LastRoutedAt = at,
        IdleSince = at,
    };
}
