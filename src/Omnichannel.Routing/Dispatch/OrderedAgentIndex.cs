using NodaTime;
using Omnichannel.Routing.Algorithms;

namespace Omnichannel.Routing.Dispatch;

/// <summary>
/// The agents of one pool in one <see cref="RoutingOrder"/>, as bucketed intrusive lists: one bucket per load (the small
/// integer the order compares first; a single bucket for the orders by time only), each a doubly linked list sorted by the
/// order's time, then id. The first agent is the head of the lowest non-empty bucket: O(1). Removal unlinks: O(1).
/// Insertion finds its place by walking the bucket from both ends at once, so it costs the distance to the nearer end:
/// O(1) when the agent's time is the newest (the times that order agents only grow, so an agent just routed, or just
/// finished, goes to the tail) and when it is the oldest, and short in practice otherwise. Nothing allocates after a
/// bucket first exists. Same order as <see cref="RoutedAgentComparer"/> (for loads of 0 or more), which the property
/// tests check against a sorted reference model.
/// </summary>
/// <remarks>Not thread-safe: the router guards it with its lock.</remarks>
internal sealed class OrderedAgentIndex(RoutingOrder order)
{
    /// <summary>How many <see cref="RoutingOrder"/> values there are (the size of each slot's link array).</summary>
    public const int OrderCount = 4;

    private readonly int _link = (int)order;
    private readonly bool _byOpen = order == RoutingOrder.LeastBusy;
    private readonly bool _byActive = order == RoutingOrder.LoadBalancing;
    private readonly bool _byIdle = order == RoutingOrder.LongestIdle;
    private PoolSlot?[] _heads = new PoolSlot?[4];
    private PoolSlot?[] _tails = new PoolSlot?[4];
    private int _lowest = int.MaxValue;

    public RoutingOrder Order { get; } = order;

    public int Count { get; private set; }

    /// <summary>The first agent in the order, or null when empty.</summary>
    public RoutedAgent? First => _lowest == int.MaxValue ? null : _heads[_lowest]!.Agent;

    public void Insert(PoolSlot slot)
    {
        var agent = slot.Agent;
        var bucket = BucketOf(agent);
        if (bucket >= _heads.Length)
        {
            var size = Math.Max(bucket + 1, _heads.Length * 2);
            Array.Resize(ref _heads, size);
            Array.Resize(ref _tails, size);
        }

        ref var link = ref slot.Links[_link];
        link.Bucket = bucket;
        var head = _heads[bucket];
        var tail = _tails[bucket];
        if (head is null || tail is null)
        {
            link.Previous = null;
            link.Next = null;
            _heads[bucket] = slot;
            _tails[bucket] = slot;
        }
        else if (!Precedes(agent, tail.Agent))
        {
            LinkAfter(slot, tail);
        }
        else if (Precedes(agent, head.Agent))
        {
            LinkBefore(slot, head);
        }
        else
        {
            // Strictly between head and tail: walk inwards from both ends; the first end to pass the agent's place wins.
            var fromHead = head.Links[_link].Next!;
            var fromTail = tail.Links[_link].Previous!;
            while (true)
            {
                if (Precedes(agent, fromHead.Agent))
                {
                    LinkBefore(slot, fromHead);
                    break;
                }

                if (!Precedes(agent, fromTail.Agent))
                {
                    LinkAfter(slot, fromTail);
                    break;
                }

                fromHead = fromHead.Links[_link].Next!;
                fromTail = fromTail.Links[_link].Previous!;
            }
        }

        if (bucket < _lowest)
        {
            _lowest = bucket;
        }

        Count++;
    }

    public void Remove(PoolSlot slot)
    {
        ref var link = ref slot.Links[_link];
        var bucket = link.Bucket;
        if (link.Previous is { } previous)
        {
            previous.Links[_link].Next = link.Next;
        }
        else
        {
            _heads[bucket] = link.Next;
        }

        if (link.Next is { } next)
        {
            next.Links[_link].Previous = link.Previous;
        }
        else
        {
            _tails[bucket] = link.Previous;
        }

        link.Previous = null;
        link.Next = null;
        Count--;
        if (bucket == _lowest && _heads[bucket] is null)
        {
            _lowest = int.MaxValue;
            for (var b = bucket + 1; b < _heads.Length; b++)
            {
                if (_heads[b] is not null)
                {
                    _lowest = b;
                    break;
                }
            }
        }
    }

    /// <summary>The agents in order, lowest bucket first (allocation-free; do not change the index while enumerating).</summary>
    public Enumerator GetEnumerator() => new(this);

    /// <summary>The bucket an agent belongs to in this order: its load for the orders by load (never below 0), else 0.</summary>
    private int BucketOf(RoutedAgent agent) =>
        _byOpen ? Math.Max(0, agent.OpenConversations + agent.ReservedConversations)
        : _byActive ? Math.Max(0, agent.ActiveConversations + agent.ReservedConversations)
        : 0;

    private Instant TimeOf(RoutedAgent agent) => _byIdle ? agent.IdleSince : agent.LastRoutedAt;

    /// <summary>Within a bucket: earlier time first, then ordinal id (the tie-break of every order).</summary>
    private bool Precedes(RoutedAgent x, RoutedAgent y)
    {
        var byTime = TimeOf(x).CompareTo(TimeOf(y));
        return byTime != 0 ? byTime < 0 : string.CompareOrdinal(x.Id.Value, y.Id.Value) < 0;
    }

    private void LinkAfter(PoolSlot slot, PoolSlot before)
    {
        ref var link = ref slot.Links[_link];
        ref var beforeLink = ref before.Links[_link];
        link.Previous = before;
        link.Next = beforeLink.Next;
        if (beforeLink.Next is { } next)
        {
            next.Links[_link].Previous = slot;
        }
        else
        {
            _tails[link.Bucket] = slot;
        }

        beforeLink.Next = slot;
    }

    private void LinkBefore(PoolSlot slot, PoolSlot after)
    {
        ref var link = ref slot.Links[_link];
        ref var afterLink = ref after.Links[_link];
        link.Next = after;
        link.Previous = afterLink.Previous;
        if (afterLink.Previous is { } previous)
        {
            previous.Links[_link].Next = slot;
        }
        else
        {
            _heads[link.Bucket] = slot;
        }

        afterLink.Previous = slot;
    }

    /// <summary>Walks the buckets from the lowest, each from head to tail.</summary>
    public struct Enumerator(OrderedAgentIndex index)
    {
        private int _bucket = index._lowest == int.MaxValue ? index._heads.Length : index._lowest;
        private PoolSlot? _next = index._lowest == int.MaxValue ? null : index._heads[index._lowest];

        public RoutedAgent Current { get; private set; } = null!;

        public bool MoveNext()
        {
            while (_next is null)
            {
                if (++_bucket >= index._heads.Length)
                {
                    return false;
                }

                _next = index._heads[_bucket];
            }

            Current = _next.Agent;
            _next = _next.Links[index._link].Next;
            return true;
        }
    }
}
