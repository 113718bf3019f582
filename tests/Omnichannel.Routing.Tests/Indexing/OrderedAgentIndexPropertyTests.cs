using System.Collections.Immutable;
using FsCheck;
using FsCheck.Fluent;
using NodaTime;
using Omnichannel.Agents;
using Omnichannel.Routing.Algorithms;
using Omnichannel.Routing.Dispatch;

namespace Omnichannel.Routing.Tests.Indexing;

/// <summary>
/// The bucketed index against a naive reference model: after every operation of a random sequence (agents entering and
/// leaving the pool, loads going up and down, times growing or, as a reconciliation may do, set anywhere, agents leaving
/// the department), every order's enumeration and first agent equal the pool's agents sorted by <see cref="RoutedAgentComparer"/>.
/// </summary>
public class OrderedAgentIndexPropertyTests
{
    private const int Agents = 12;
    private static readonly Instant Start = Instant.FromUtc(2026, 1, 1, 9, 0);
    private static readonly RoutingOrder[] Orders = Enum.GetValues<RoutingOrder>();

    private enum Kind
    {
        Add,
        Remove,
        SetActive,
        SetOnHold,
        Reserve,
        Release,
        RouteNow,
        FinishNow,
        SetTimes,
        Forget,
    }

    private readonly record struct Step(Kind Kind, int Agent, int Value);

    private static readonly Gen<Step> Steps =
        from kind in Gen.Frequency(
            (4, Gen.Constant(Kind.Add)), (2, Gen.Constant(Kind.Remove)), (3, Gen.Constant(Kind.SetActive)), (2, Gen.Constant(Kind.SetOnHold)),
            (3, Gen.Constant(Kind.Reserve)), (2, Gen.Constant(Kind.Release)), (3, Gen.Constant(Kind.RouteNow)), (2, Gen.Constant(Kind.FinishNow)),
            (2, Gen.Constant(Kind.SetTimes)), (1, Gen.Constant(Kind.Forget)))
        from agent in Gen.Choose(0, Agents - 1)
        from value in Gen.Choose(0, 5)
        select new Step(kind, agent, value);

    private static readonly Gen<(int BuiltAfter, Step[] Steps)> Scripts =
        from builtAfter in Gen.Choose(0, 10)
        from steps in Steps.ArrayOf()
        select (builtAfter, steps);

    [Fact]
    public void Every_order_agrees_with_a_sorted_reference_model_under_random_operations()
    {
        var config = Config.QuickThrowOnFailure.WithMaxTest(500).WithEndSize(120).WithQuietOnSuccess(true);
        Check.One(config, Prop.ForAll(Scripts.ToArbitrary(), script => Run(script.BuiltAfter, script.Steps)));
    }

    [Fact]
    public void An_agent_who_leaves_and_reenters_the_pool_allocates_nothing()
    {
        var pool = new AgentPool();
        var agents = Enumerable.Range(0, 100).Select(i => NewAgent(i, Start + Duration.FromSeconds(i % 7))).ToArray();
        foreach (var agent in agents)
        {
            pool.Add(agent);
        }

        foreach (var order in Orders)
        {
            _ = pool.Index(order).First;
        }

        var now = Start + Duration.FromHours(1);
        Cycle(pool, ref now);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            Cycle(pool, ref now);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);

        static void Cycle(AgentPool pool, ref Instant now)
        {
            var chosen = pool.Index(RoutingOrder.LoadBalancing).First!;
            pool.Remove(chosen);
            chosen.ActiveConversations = (chosen.ActiveConversations + 1) % 3;
            now += Duration.FromSeconds(1);
            chosen.LastRoutedAt = now;
            chosen.IdleSince = now;
            pool.Add(chosen);
        }
    }

    private static void Run(int builtAfter, Step[] steps)
    {
        var pool = new AgentPool();
        var agents = Enumerable.Range(0, Agents).Select(i => NewAgent(i, Start + Duration.FromSeconds(i % 3))).ToArray();
        var inPool = new HashSet<RoutedAgent>();
        var now = Start + Duration.FromSeconds(10);
        for (var s = 0; s < steps.Length; s++)
        {
            if (s == builtAfter)
            {
                // Indexes are built on first use, over agents already in the pool.
                foreach (var order in Orders)
                {
                    _ = pool.Index(order);
                }
            }

            var (kind, index, value) = steps[s];
            var agent = agents[index];
            switch (kind)
            {
                case Kind.Add:
                    pool.Add(agent);
                    inPool.Add(agent);
                    break;
                case Kind.Remove:
                    pool.Remove(agent);
                    inPool.Remove(agent);
                    break;
                case Kind.Forget:
                    pool.Forget(agent);
                    inPool.Remove(agent);
                    break;
                default:
                    Change(pool, inPool, agent, a => Apply(a, kind, value, ref now));
                    break;
            }

            foreach (var order in Orders)
            {
                var expected = inPool.Order(RoutedAgentComparer.For(order)).Select(a => a.Id.Value).ToList();
                var actual = new List<string>();
                foreach (var a in pool.Index(order))
                {
                    actual.Add(a.Id.Value);
                }

                Assert.True(expected.SequenceEqual(actual), $"{order} after step {s} ({kind} a{index} {value}): expected [{string.Join(", ", expected)}], got [{string.Join(", ", actual)}]");
                Assert.Equal(expected.FirstOrDefault(), pool.Index(order).First?.Id.Value);
                Assert.Equal(expected.Count, pool.Index(order).Count);
            }

            Assert.Equal(inPool.Count, pool.Count);
        }
    }

    private delegate void Changer(RoutedAgent agent);

    /// <summary>As the agent directory does: out of the pool before a field an order reads changes, back in after.</summary>
    private static void Change(AgentPool pool, HashSet<RoutedAgent> inPool, RoutedAgent agent, Changer change)
    {
        var wasIn = inPool.Contains(agent);
        pool.Remove(agent);
        change(agent);
        if (wasIn)
        {
            pool.Add(agent);
        }
    }

    private static void Apply(RoutedAgent agent, Kind kind, int value, ref Instant now)
    {
        switch (kind)
        {
            case Kind.SetActive:
                agent.ActiveConversations = value;
                break;
            case Kind.SetOnHold:
                agent.OnHoldConversations = value % 3;
                break;
            case Kind.Reserve:
                agent.ReservedConversations++;
                break;
            case Kind.Release:
                agent.ReservedConversations = Math.Max(0, agent.ReservedConversations - 1);
                break;
            case Kind.RouteNow:
                // Several agents routed at the same instant tie on time; the id decides.
                now += Duration.FromSeconds(value % 2);
                agent.LastRoutedAt = now;
                break;
            case Kind.FinishNow:
                now += Duration.FromSeconds(value % 2);
                agent.IdleSince = now;
                break;
            case Kind.SetTimes:
                agent.LastRoutedAt = Start + Duration.FromSeconds(value * 3);
                agent.IdleSince = Start + Duration.FromSeconds(value * 2);
                break;
        }
    }

    private static RoutedAgent NewAgent(int i, Instant at) => new(new Agent
    {
        Id = new AgentId($"a{i:D2}"),
        Username = $"a{i}",
        Status = AgentStatus.Available,
        Skills = ImmutableDictionary<string, int>.Empty,
    })
    {
        LastRoutedAt = at,
        IdleSince = at,
    };
}
