using NodaTime;
using Omnichannel.Routing.Algorithms;

namespace Omnichannel.Routing.Dispatch;

/// <summary>
/// The agents of one pool in one <see cref="RoutingOrder"/>, as bucketed intrusive lists: one bucket per load (the small
/// integer the order compares first; a single bucket for the orders by time only), each a doubly linked list sorted by the
/// order's time, then id. The first agent is the head of the lowest non-empty bucket: O(1). Removal unlinks: O(1).
/// Insertion finds its place by walking the bucket from both ends at once, so it costs the distance to the nearer end:
/// O(1) when the agent's time is the newest (the times that order agents only grow, so an agent just routed, or just
/// finished, goes to the tail) and when it is the oldest, and short in practice otherwise. Nothing allocates after the
/// arrays have grown to the pool's size. Same order as <see cref="RoutedAgentComparer"/> (for loads of 0 or more), which
/// the property tests check against a sorted reference model.
/// </summary>
/// <remarks>
/// <para>
/// The links live in one array of small structs indexed by the agent's slot number in the pool (<see cref="IndexEntry"/>:
/// the bucket, the order's time as ticks, the neighbours as slot numbers), not in objects per agent: what a decision and
/// an update walk is 24 bytes per agent in one contiguous array (240 KB for 10,000 agents, within a core's L2), and the
/// <see cref="RoutedAgent"/> objects are read only for the chosen agent and when two times fall in the same tick.
/// </para>
/// <para>
/// The agent routed longest ago is by construction the coldest in memory, and so are its entry and the pool's reference to it: at
/// 10,000 agents each decision used to wait for the chosen agent's cache lines and for the next entries of the list,
/// which a linked list reveals one place at a time. So the index that decisions are made by (the order last asked for
/// its first agent) keeps a prefetch frontier <see cref="PrefetchDistance"/> places after the first agent: each removal of
/// the first agent moves it one place on, requesting the routing fields of the agent it reaches (<see cref="CachePrefetch"/>)
/// and the entry and agent reference of the one after, so a decision reads only lines requested one to three decisions
/// before. Other indexes of the pool only request their own next entry. Below <see cref="PrefetchFromCount"/> agents
/// nothing is prefetched: everything is in the first-level cache. (Measured on 10,000 agents, session 6: one place
/// ahead was slower, two to six places alike; the frontier cut round robin and longest idle from about 39 to 31 ns in a
/// scratch harness, see docs/performance.md.)
/// </para>
/// <para>Not thread-safe: the router guards it with its lock.</para>
/// </remarks>
internal sealed class OrderedAgentIndex
{
    /// <summary>How many <see cref="RoutingOrder"/> values there are (the number of indexes a pool can build).</summary>
    public const int OrderCount = 4;

    /// <summary>
    /// How many places after the first agent the prefetch frontier stands: the agent there has its routing fields
    /// requested this many decisions before it is chosen, long enough for a line from the last-level cache or memory.
    /// </summary>
    private const int PrefetchDistance = 3;

    private const int None = -1;

    /// <summary>
    /// Below this many agents an index and its agents' routing fields stay in the first-level cache (about 170 bytes per
    /// agent against 48 KB), so prefetching is pure overhead: the frontier runs only in larger indexes.
    /// </summary>
    private const int PrefetchFromCount = 256;

    private readonly AgentPool _pool;
    private readonly bool _byOpen;
    private readonly bool _byActive;
    private readonly bool _byIdle;
    private IndexEntry[] _entries;
    private int[] _heads = [None, None, None, None];
    private int[] _tails = [None, None, None, None];
    private int _lowest = int.MaxValue;

    // The prefetch frontier: the slot, in bucket _aheadBucket, up to which the next decisions' lines were requested, and
    // how many places after the first agent it is. A hint only: a change in the middle of the bucket can leave it on a
    // wrong slot, which wastes prefetches until the first agent reaches it or the distance runs out; then it restarts.
    private int _ahead = None;
    private int _aheadBucket = None;
    private int _aheadDistance;

    public OrderedAgentIndex(AgentPool pool, RoutingOrder order, int capacity)
    {
        _pool = pool;
        Order = order;
        _byOpen = order == RoutingOrder.LeastBusy;
        _byActive = order == RoutingOrder.LoadBalancing;
        _byIdle = order == RoutingOrder.LongestIdle;
        _entries = new IndexEntry[Math.Max(capacity, 4)];
    }

    public RoutingOrder Order { get; }

    public int Count { get; private set; }

    /// <summary>The first agent in the order, or null when empty.</summary>
    public RoutedAgent? First
    {
        get
        {
            _pool.DecidingOrder = Order;
            return _lowest == int.MaxValue ? null : _pool.AgentAt(_heads[_lowest]);
        }
    }

    /// <summary>Puts the agent held in <paramref name="slot"/> of the pool at its place (it must not be in the index).</summary>
    public void Insert(int slot, RoutedAgent agent)
    {
        if (slot >= _entries.Length)
        {
            Array.Resize(ref _entries, Math.Max(slot + 1, _entries.Length * 2));
        }

        var bucket = BucketOf(agent);
        if (bucket >= _heads.Length)
        {
            var size = Math.Max(bucket + 1, _heads.Length * 2);
            var old = _heads.Length;
            Array.Resize(ref _heads, size);
            Array.Resize(ref _tails, size);
            _heads.AsSpan(old).Fill(None);
            _tails.AsSpan(old).Fill(None);
        }

        var time = TimeOf(agent);
        var ticks = time.ToUnixTimeTicks();
        var entries = _entries;
        ref var entry = ref entries[slot];
        entry.Bucket = bucket;
        entry.Ticks = ticks;
        var head = _heads[bucket];
        var tail = _tails[bucket];
        if (head == None)
        {
            entry.Previous = None;
            entry.Next = None;
            _heads[bucket] = slot;
            _tails[bucket] = slot;
        }
        else if (!Precedes(agent, time, ticks, tail))
        {
            LinkAfter(slot, tail);
        }
        else if (Precedes(agent, time, ticks, head))
        {
            LinkBefore(slot, head);
        }
        else
        {
            // Strictly between head and tail: walk inwards from both ends; the first end to pass the agent's place wins.
            var fromHead = entries[head].Next;
            var fromTail = entries[tail].Previous;
            while (true)
            {
                if (Precedes(agent, time, ticks, fromHead))
                {
                    LinkBefore(slot, fromHead);
                    break;
                }

                if (!Precedes(agent, time, ticks, fromTail))
                {
                    LinkAfter(slot, fromTail);
                    break;
                }

                fromHead = entries[fromHead].Next;
                fromTail = entries[fromTail].Previous;
            }
        }

        if (bucket < _lowest)
        {
            _lowest = bucket;
        }

        Count++;
    }

    /// <summary>Takes the agent held in <paramref name="slot"/> of the pool out of the index (it must be in it).</summary>
    public void Remove(int slot)
    {
        var entries = _entries;
        ref var entry = ref entries[slot];
        var bucket = entry.Bucket;
        var previous = entry.Previous;
        var next = entry.Next;
        if (previous != None)
        {
            entries[previous].Next = next;
        }
        else
        {
            _heads[bucket] = next;
            if (bucket == _lowest && next != None && Count > PrefetchFromCount)
            {
                if (_pool.DecidingOrder == Order)
                {
                    PrefetchAhead(slot, bucket, next);
                }
                else if (CachePrefetch.IsSupported && entries[next].Next is var after and not None)
                {
                    // Another order decides, and the agents it chooses often lead this order too (the one routed
                    // longest ago): only this index's own next entry is requested, which the agent's next removal here writes.
                    CachePrefetch.Line(ref entries[after]);
                }
            }
        }

        if (next != None)
        {
            entries[next].Previous = previous;
        }
        else
        {
            _tails[bucket] = previous;
        }

        entry.Previous = None;
        entry.Next = None;
        Count--;
        if (bucket == _lowest && next == None && previous == None)
        {
            _lowest = int.MaxValue;
            for (var b = bucket + 1; b < _heads.Length; b++)
            {
                if (_heads[b] != None)
                {
                    _lowest = b;
                    Prefetch(_heads[b]);
                    break;
                }
            }
        }
    }

    /// <summary>The slot the prefetch frontier stands on, or -1 before it ever ran (for tests).</summary>
    internal int PrefetchFrontier => _ahead;

    /// <summary>The agents in order, lowest bucket first (allocation-free; do not change the index while enumerating).</summary>
    public Enumerator GetEnumerator() => new(this);

    /// <summary>
    /// The first agent (<paramref name="removed"/>) was just taken out of <paramref name="bucket"/> and
    /// <paramref name="first"/> is the new first: the agents after it are the next decisions', and the objects of the agents
    /// routed longest ago are the coldest in memory. The frontier moves one place on: the agent now
    /// <see cref="PrefetchDistance"/> places after the first has its routing fields requested, and the entry and agent reference
    /// of the one after it too, so that the next step reads only lines already requested (a linked list reveals one
    /// place per step; demand-loading it cost a cold line per decision at 10,000 agents).
    /// </summary>
    private void PrefetchAhead(int removed, int bucket, int first)
    {
        if (!CachePrefetch.IsSupported)
        {
            return;
        }

        var entries = _entries;
        var ahead = _ahead;
        if (bucket == _aheadBucket && ahead != removed && _aheadDistance == PrefetchDistance)
        {
            // The usual step: the first agent moved one place on, so does the frontier (whose entry was requested before).
            var next = entries[ahead].Next;
            if (next != None)
            {
                _ahead = next;
                PrefetchPlace(entries, next);
                return;
            }
        }

        // Otherwise the frontier stays where it is if it still stands in this bucket ahead of the first agent (a short
        // bucket, whose tail it reached); it restarts from the first agent if it was lost: it stood on the agent just
        // taken out, on one that left the bucket, in another bucket, or ran out of distance after changes in the middle.
        var distance = _aheadDistance - 1;
        if (bucket != _aheadBucket || ahead == removed || distance < 0 || !IsLinkedIn(ahead, bucket))
        {
            ahead = first;
            distance = 0;
            _aheadBucket = bucket;
        }

        while (distance < PrefetchDistance)
        {
            var next = entries[ahead].Next;
            if (next == None)
            {
                break;
            }

            ahead = next;
            distance++;
            PrefetchPlace(entries, ahead);
        }

        _ahead = ahead;
        _aheadDistance = distance;
    }

    /// <summary>Whether <paramref name="slot"/> holds an agent linked in <paramref name="bucket"/> (an agent taken out has no neighbours and is no head).</summary>
    private bool IsLinkedIn(int slot, int bucket)
    {
        ref var entry = ref _entries[slot];
        return entry.Bucket == bucket && (entry.Previous != None || entry.Next != None || _heads[bucket] == slot);
    }

    /// <summary>Requests the routing fields of the agent in <paramref name="slot"/>, and the entry and agent reference of the one after it.</summary>
    private void PrefetchPlace(IndexEntry[] entries, int slot)
    {
        if (_pool.AgentAtOrNull(slot) is { } agent)
        {
            CachePrefetch.Agent(agent);
        }

        var after = entries[slot].Next;
        if (after != None)
        {
            CachePrefetch.Line(ref entries[after]);
            _pool.PrefetchAgentSlot(after);
        }
    }

    /// <summary>A bucket emptied and another one's head is now first: start loading its object.</summary>
    private void Prefetch(int slot)
    {
        if (CachePrefetch.IsSupported)
        {
            CachePrefetch.Agent(_pool.AgentAt(slot));
        }
    }

    /// <summary>The bucket an agent belongs to in this order: its load for the orders by load (never below 0), else 0.</summary>
    private int BucketOf(RoutedAgent agent) =>
        _byOpen ? Math.Max(0, agent.OpenConversations + agent.ReservedConversations)
        : _byActive ? Math.Max(0, agent.ActiveConversations + agent.ReservedConversations)
        : 0;

    private Instant TimeOf(RoutedAgent agent) => _byIdle ? agent.IdleSince : agent.LastRoutedAt;

    /// <summary>
    /// Within a bucket: earlier time first, then ordinal id (the tie-break of every order). The ticks (floored) decide
    /// alone when they differ; only times within the same tick read the other agent's object for the exact time and id.
    /// </summary>
    private bool Precedes(RoutedAgent agent, Instant time, long ticks, int other)
    {
        var otherTicks = _entries[other].Ticks;
        if (ticks != otherTicks)
        {
            return ticks < otherTicks;
        }

        var otherAgent = _pool.AgentAt(other);
        var byTime = time.CompareTo(TimeOf(otherAgent));
        return byTime != 0 ? byTime < 0 : string.CompareOrdinal(agent.Id.Value, otherAgent.Id.Value) < 0;
    }

    private void LinkAfter(int slot, int before)
    {
        var entries = _entries;
        ref var entry = ref entries[slot];
        ref var beforeEntry = ref entries[before];
        var next = beforeEntry.Next;
        entry.Previous = before;
        entry.Next = next;
        if (next != None)
        {
            entries[next].Previous = slot;
        }
        else
        {
            _tails[entry.Bucket] = slot;
        }

        beforeEntry.Next = slot;
    }

    private void LinkBefore(int slot, int after)
    {
        var entries = _entries;
        ref var entry = ref entries[slot];
        ref var afterEntry = ref entries[after];
        var previous = afterEntry.Previous;
        entry.Next = after;
        entry.Previous = previous;
        if (previous != None)
        {
            entries[previous].Next = slot;
        }
        else
        {
            _heads[entry.Bucket] = slot;
        }

        afterEntry.Previous = slot;
    }

    /// <summary>Walks the buckets from the lowest, each from head to tail.</summary>
    public struct Enumerator(OrderedAgentIndex index)
    {
        private int _bucket = index._lowest == int.MaxValue ? index._heads.Length : index._lowest;
        private int _next = index._lowest == int.MaxValue ? None : index._heads[index._lowest];

        public RoutedAgent Current { get; private set; } = null!;

        public bool MoveNext()
        {
            while (_next == None)
            {
                if (++_bucket >= index._heads.Length)
                {
                    return false;
                }

                _next = index._heads[_bucket];
            }

            Current = index._pool.AgentAt(_next);
            _next = index._entries[_next].Next;
            return true;
        }
    }
}
