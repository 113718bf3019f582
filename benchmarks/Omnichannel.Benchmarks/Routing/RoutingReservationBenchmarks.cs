using System.Collections.Immutable;
using BenchmarkDotNet.Attributes;
using NodaTime;
using Omnichannel.Agents;
using Omnichannel.Departments;
using Omnichannel.Routing.Algorithms;
using Omnichannel.Routing.Dispatch;

namespace Omnichannel.Benchmarks.Routing;

/// <summary>
/// The honest cost of routing one conversation: the decision plus the index update of the reservation, per built-in
/// order. A router builds the index of an order when an algorithm first asks for it, so a department routed by one
/// algorithm keeps one index: each order is measured on a pool with its own index only, and load balancing once more on a
/// pool with all four built (the most a department can carry). Each operation takes the first agent
/// of the order, takes it out of the pool, gives it one more conversation (a load of 2 wraps to 0, so loads stay in 0-2 of
/// 3 and every bucket keeps moving) and the current time as its last-routed and idle time (times only grow), and puts it back.
/// Baseline, in the same run: the same operation on the previous index (one <see cref="SortedSet{T}"/> per order, all four
/// built, ordered by <see cref="RoutedAgentComparer"/>), for load balancing: the "LoadBalancingWithIndexUpdate".
/// </summary>
[MemoryDiagnoser]
public class RoutingReservationBenchmarks
{
    private static readonly Instant Start = Instant.FromUtc(2026, 1, 1, 9, 0);
    private readonly DepartmentId _department = new("support");
    private readonly AgentPool[] _pools = new AgentPool[OrderedAgentIndex.OrderCount];
    private AgentPool _allIndexes = null!;
    private SortedSetPool _before = null!;
    private Instant _now;

    [Params(100, 1000, 10000)]
    public int Agents { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        for (var o = 0; o < _pools.Length; o++)
        {
            _pools[o] = new AgentPool();
        }

        _allIndexes = new AgentPool();
        _before = new SortedSetPool();
        var random = new Random(42);
        for (var i = 0; i < Agents; i++)
        {
            var agent = new Agent
            {
                Id = new AgentId($"agent-{i:D5}"),
                Username = $"agent{i}",
                Departments = [_department],
                Status = AgentStatus.Available,
                MaxSimultaneousConversations = 3,
                Skills = ImmutableDictionary<string, int>.Empty,
            };
            var load = random.Next(0, 3);
            var routedAt = Start + Duration.FromSeconds(random.Next(0, 3600));
            var idleSince = Start + Duration.FromSeconds(random.Next(0, 3600));
            foreach (var pool in _pools.Append(_allIndexes))
            {
                pool.Add(new RoutedAgent(agent) { ActiveConversations = load, LastRoutedAt = routedAt, IdleSince = idleSince });
            }

            _before.Add(new RoutedAgent(agent) { ActiveConversations = load, LastRoutedAt = routedAt, IdleSince = idleSince });
        }

        foreach (var order in Enum.GetValues<RoutingOrder>())
        {
            _ = _pools[(int)order].Index(order).First;
            _ = _allIndexes.Index(order).First;
        }

        _now = Start + Duration.FromHours(2);
    }

    [Benchmark(Baseline = true, Description = "Baseline: SortedSet per order (before), load balancing")]
    public AgentId SortedSetLoadBalancing()
    {
        var chosen = _before.Index(RoutingOrder.LoadBalancing).Min!;
        _before.Remove(chosen);
        Reserve(chosen);
        _before.Add(chosen);
        return chosen.Id;
    }

    [Benchmark]
    public AgentId LeastBusy() => DecideAndReserve(RoutingOrder.LeastBusy);

    [Benchmark]
    public AgentId LoadBalancing() => DecideAndReserve(RoutingOrder.LoadBalancing);

    [Benchmark]
    public AgentId RoundRobin() => DecideAndReserve(RoutingOrder.RoundRobin);

    [Benchmark]
    public AgentId LongestIdle() => DecideAndReserve(RoutingOrder.LongestIdle);

    [Benchmark(Description = "LoadBalancing, all four indexes built")]
    public AgentId LoadBalancingAllIndexes() => DecideAndReserve(_allIndexes, RoutingOrder.LoadBalancing);

    private AgentId DecideAndReserve(RoutingOrder order) => DecideAndReserve(_pools[(int)order], order);

    private AgentId DecideAndReserve(AgentPool pool, RoutingOrder order)
    {
        var chosen = pool.Index(order).First!;
        pool.Remove(chosen);
        Reserve(chosen);
        pool.Add(chosen);
        return chosen.Id;
    }

    private void Reserve(RoutedAgent chosen)
    {
        _now += Duration.FromMilliseconds(1);
        chosen.ActiveConversations = (chosen.ActiveConversations + 1) % 3;
        chosen.LastRoutedAt = _now;
        chosen.IdleSince = _now;
    }

    /// <summary>The index before bucketed lists: one sorted set per order (O(log n), a node allocated per insertion).</summary>
    private sealed class SortedSetPool
    {
        private readonly Dictionary<AgentId, RoutedAgent> _members = [];
        private readonly SortedSet<RoutedAgent>[] _indexes = [.. Enum.GetValues<RoutingOrder>().Select(o => new SortedSet<RoutedAgent>(RoutedAgentComparer.For(o)))];

        public SortedSet<RoutedAgent> Index(RoutingOrder order) => _indexes[(int)order];

        public void Add(RoutedAgent agent)
        {
            if (_members.TryAdd(agent.Id, agent))
            {
                foreach (var index in _indexes)
                {
                    index.Add(agent);
                }
            }
        }

        public void Remove(RoutedAgent agent)
        {
            if (_members.Remove(agent.Id))
            {
                foreach (var index in _indexes)
                {
                    index.Remove(agent);
                }
            }
        }
    }
}
