using System.Collections.Immutable;
using FsCheck;
using FsCheck.Fluent;
using NodaTime;
using Omnichannel.Agents;
using Omnichannel.Routing.Algorithms;
using Omnichannel.Routing.Dispatch;

namespace Omnichannel.Routing.Tests.Indexing;

/// <summary>
/// The prefetch frontier of an index (above 256 agents, in the order decisions are made by): a hint that must never change
/// an order nor throw, whatever happens in the middle of a bucket, that runs three places ahead of the first agent in the
/// usual case, and that restarts from the first agent when the agent it stood on leaves.
/// </summary>
public class PrefetchFrontierTests
{
    private const int Agents = 300;
    private static readonly Instant Start = Instant.FromUtc(2026, 1, 1, 9, 0);
    private static readonly RoutingOrder[] Orders = Enum.GetValues<RoutingOrder>();

    private enum Kind
    {
        Decide,
        Remove,
        Add,
        Forget,
        SetActive,
        SetTimes,
    }

    private readonly record struct Step(Kind Kind, int Order, int Agent, int Value);

    private static readonly Gen<Step> Steps =
        from kind in Gen.Frequency(
            (12, Gen.Constant(Kind.Decide)), (2, Gen.Constant(Kind.Remove)), (3, Gen.Constant(Kind.Add)),
            (1, Gen.Constant(Kind.Forget)), (2, Gen.Constant(Kind.SetActive)), (2, Gen.Constant(Kind.SetTimes)))
        from order in Gen.Choose(0, Orders.Length - 1)
        from agent in Gen.Choose(0, Agents + 9)
        from value in Gen.Choose(0, 4)
        select new Step(kind, order, agent, value);

    [Fact]
    public void Decisions_with_the_frontier_running_agree_with_a_sorted_reference_model()
    {
        var config = Config.QuickThrowOnFailure.WithMaxTest(40).WithEndSize(150).WithQuietOnSuccess(true);
        Check.One(config, Prop.ForAll(Steps.ArrayOf().ToArbitrary(), Run));
    }

    [Fact]
    public void The_frontier_runs_three_places_ahead_of_the_first_agent_in_the_order_decisions_are_made_by()
    {
        if (!CachePrefetch.IsSupported)
        {
            return;
        }

        var (pool, _) = NewPool(400);
        var now = Start + Duration.FromHours(1);
        foreach (var order in Orders)
        {
            _ = pool.Index(order);
        }

        for (var i = 0; i < 20; i++)
        {
            Decide(pool, RoutingOrder.RoundRobin, ref now);
        }

        var roundRobin = pool.Index(RoutingOrder.RoundRobin);
        Assert.Equal(SlotAt(pool, roundRobin, 3), roundRobin.PrefetchFrontier);

        // The other orders' indexes never started a frontier of their own (only the deciding one prefetches agents).
        Assert.Equal(-1, pool.Index(RoutingOrder.LongestIdle).PrefetchFrontier);
    }

    [Fact]
    public void The_frontier_restarts_from_the_first_agent_when_the_agent_it_stood_on_leaves()
    {
        if (!CachePrefetch.IsSupported)
        {
            return;
        }

        var (pool, _) = NewPool(400);
        var now = Start + Duration.FromHours(1);
        var index = pool.Index(RoutingOrder.RoundRobin);
        for (var i = 0; i < 5; i++)
        {
            Decide(pool, RoutingOrder.RoundRobin, ref now);
        }

        var atFrontier = AgentAt(index, 3);
        Assert.Equal(atFrontier.FindSlot(pool), index.PrefetchFrontier);
        pool.Forget(atFrontier);

        Decide(pool, RoutingOrder.RoundRobin, ref now);

        Assert.Equal(SlotAt(pool, index, 3), index.PrefetchFrontier);
    }

    [Fact]
    public void An_index_of_at_most_256_agents_does_not_prefetch()
    {
        var (pool, _) = NewPool(256);
        var now = Start + Duration.FromHours(1);
        for (var i = 0; i < 20; i++)
        {
            Decide(pool, RoutingOrder.RoundRobin, ref now);
        }

        Assert.Equal(-1, pool.Index(RoutingOrder.RoundRobin).PrefetchFrontier);
    }

    [Fact]
    public void Decisions_with_the_frontier_running_allocate_nothing()
    {
        var (pool, _) = NewPool(1000);
        foreach (var order in Orders)
        {
            _ = pool.Index(order).First;
        }

        var now = Start + Duration.FromHours(1);
        foreach (var order in Orders)
        {
            Decide(pool, order, ref now);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 4000; i++)
        {
            Decide(pool, Orders[i % Orders.Length], ref now);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static void Run(Step[] steps)
    {
        var (pool, agents) = NewPool(Agents + 10, inPool: Agents);
        var inPool = new HashSet<RoutedAgent>(agents.Take(Agents));
        var now = Start + Duration.FromHours(1);
        foreach (var order in Orders)
        {
            _ = pool.Index(order);
        }

        for (var s = 0; s < steps.Length; s++)
        {
            var (kind, o, a, value) = steps[s];
            var agent = agents[a];
            switch (kind)
            {
                case Kind.Decide:
                    if (pool.Index(Orders[o]).First is { } chosen)
                    {
                        Route(pool, chosen, ref now);
                    }

                    break;
                case Kind.Remove:
                    pool.Remove(agent);
                    inPool.Remove(agent);
                    break;
                case Kind.Add:
                    pool.Add(agent);
                    inPool.Add(agent);
                    break;
                case Kind.Forget:
                    pool.Forget(agent);
                    inPool.Remove(agent);
                    break;
                case Kind.SetActive:
                    Change(pool, inPool, agent, r => r.ActiveConversations = value);
                    break;
                case Kind.SetTimes:
                    Change(pool, inPool, agent, r =>
                    {
                        r.LastRoutedAt = Start + Duration.FromSeconds(value * 7);
                        r.IdleSince = Start + Duration.FromSeconds(value * 5);
                    });
                    break;
            }

            foreach (var order in Orders)
            {
                var expected = inPool.Order(RoutedAgentComparer.For(order)).Select(r => r.Id.Value).ToList();
                var actual = new List<string>();
                foreach (var r in pool.Index(order))
                {
                    actual.Add(r.Id.Value);
                }

                Assert.True(expected.SequenceEqual(actual), $"{order} after step {s} ({kind})");
                Assert.Equal(expected.FirstOrDefault(), pool.Index(order).First?.Id.Value);
            }
        }
    }

    /// <summary>As the benchmark does: the first agent of the order is taken out, given a conversation and the time, and put back.</summary>
    private static void Decide(AgentPool pool, RoutingOrder order, ref Instant now) => Route(pool, pool.Index(order).First!, ref now);

    private static void Route(AgentPool pool, RoutedAgent chosen, ref Instant now)
    {
        pool.Remove(chosen);
        now += Duration.FromMilliseconds(1);
        chosen.ActiveConversations = (chosen.ActiveConversations + 1) % 3;
        chosen.LastRoutedAt = now;
        chosen.IdleSince = now;
        pool.Add(chosen);
    }

    private static void Change(AgentPool pool, HashSet<RoutedAgent> inPool, RoutedAgent agent, Action<RoutedAgent> change)
    {
        var wasIn = inPool.Contains(agent);
        pool.Remove(agent);
        change(agent);
        if (wasIn)
        {
            pool.Add(agent);
        }
    }

    private static RoutedAgent AgentAt(OrderedAgentIndex index, int place)
    {
        var i = 0;
        foreach (var agent in index)
        {
            if (i++ == place)
            {
                return agent;
            }
        }

        throw new InvalidOperationException($"The index holds fewer than {place + 1} agents.");
    }

    private static int SlotAt(AgentPool pool, OrderedAgentIndex index, int place) => AgentAt(index, place).FindSlot(pool);

    private static (AgentPool Pool, RoutedAgent[] Agents) NewPool(int count, int? inPool = null)
    {
        var pool = new AgentPool();
        var random = new Random(7);
        var agents = Enumerable.Range(0, count).Select(i => new RoutedAgent(new Agent
        {
            Id = new AgentId($"a{i:D4}"),
            Username = $"a{i}",
            Status = AgentStatus.Available,
            Skills = ImmutableDictionary<string, int>.Empty,
        })
        {
            ActiveConversations = random.Next(0, 3),
            LastRoutedAt = Start + Duration.FromSeconds(random.Next(0, 3600)),
            IdleSince = Start + Duration.FromSeconds(random.Next(0, 3600)),
        }).ToArray();
        foreach (var agent in agents.Take(inPool ?? count))
        {
            pool.Add(agent);
        }

        return (pool, agents);
    }
}
