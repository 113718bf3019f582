using System.Diagnostics.CodeAnalysis;
using Omnichannel.Routing.Algorithms;

namespace Omnichannel.Routing.Dispatch;

/// <summary>
/// The eligible agents of one department, with an <see cref="OrderedAgentIndex"/> per <see cref="RoutingOrder"/> in use
/// (created on first use). Agents must be removed before a field their order depends on changes, and added back after.
/// Each agent gets a slot number the first time it enters the pool, kept while it belongs to the department (so removing
/// and adding allocate nothing) and reused by another agent once it leaves the department; the slot numbers index the
/// pool's arrays and the indexes' arrays of entries.
/// </summary>
/// <remarks>Not thread-safe: the router guards it with its lock.</remarks>
internal sealed class AgentPool
{
    private const int NoSlot = -1;

    private readonly Dictionary<AgentId, int> _slots = [];
    private readonly OrderedAgentIndex?[] _indexes = new OrderedAgentIndex?[OrderedAgentIndex.OrderCount];

    /// <summary>The indexes built so far, in the order they were built (a removal and an addition visit only these).</summary>
    private OrderedAgentIndex[] _built = [];
    private readonly Stack<int> _freeSlots = [];
    private PoolMember[] _members = new PoolMember[4];
    private int _slotCount;

    public int Count { get; private set; }

    /// <summary>The index whose first agent was asked for last: the order decisions are made by, which alone prefetches.</summary>
    internal RoutingOrder DecidingOrder { get; set; }

    /// <summary>How many slot numbers have been handed out (the size the arrays need); freed ones are reused first.</summary>
    internal int SlotCount => _slotCount;

    public IEnumerable<RoutedAgent> Members
    {
        get
        {
            for (var slot = 0; slot < _slotCount; slot++)
            {
                if (_members[slot].InPool)
                {
                    yield return _members[slot].Agent!;
                }
            }
        }
    }

    public bool TryGet(AgentId id, [NotNullWhen(true)] out RoutedAgent? agent)
    {
        if (_slots.TryGetValue(id, out var slot) && _members[slot].InPool)
        {
            agent = _members[slot].Agent!;
            return true;
        }

        agent = null;
        return false;
    }

    public void Add(RoutedAgent agent)
    {
        var slot = SlotOf(agent);
        ref var member = ref _members[slot];
        if (member.InPool)
        {
            return;
        }

        member.InPool = true;
        Count++;
        foreach (var index in _built)
        {
            index.Insert(slot, agent);
        }
    }

    public void Remove(RoutedAgent agent)
    {
        var slot = agent.FindSlot(this);
        if (slot == NoSlot || !_members[slot].InPool)
        {
            return;
        }

        _members[slot].InPool = false;
        Count--;
        foreach (var index in _built)
        {
            index.Remove(slot);
        }
    }

    /// <summary>The agent no longer belongs to the department: frees its slot for another agent (after <see cref="Remove"/>).</summary>
    public void Forget(RoutedAgent agent)
    {
        Remove(agent);
        if (_slots.Remove(agent.Id, out var slot))
        {
            agent.DropSlot(this);
            _members[slot].Agent = null;
            foreach (var index in _built)
            {
                index.Forget(slot);
            }

            _freeSlots.Push(slot);
        }
    }

    public OrderedAgentIndex Index(RoutingOrder order)
    {
        if (_indexes[(int)order] is { } existing)
        {
            return existing;
        }

        var index = new OrderedAgentIndex(this, order, _members.Length);
        for (var slot = 0; slot < _slotCount; slot++)
        {
            if (_members[slot].InPool)
            {
                index.Insert(slot, _members[slot].Agent!);
            }
        }

        _indexes[(int)order] = index;
        _built = [.. _built, index];
        return index;
    }

    /// <summary>
    /// Starts loading the pool's cache line for <paramref name="slot"/> (the agent's membership), which a decision a few
    /// places on will read (see <see cref="CachePrefetch"/>).
    /// </summary>
    internal void PrefetchSlot(int slot) => CachePrefetch.Line(ref _members[slot]);

    private int SlotOf(RoutedAgent agent)
    {
        var slot = agent.FindSlot(this);
        if (slot != NoSlot)
        {
            return slot;
        }

        if (!_freeSlots.TryPop(out slot))
        {
            slot = _slotCount++;
            if (slot == _members.Length)
            {
                Array.Resize(ref _members, slot * 2);
            }
        }

        _members[slot].Agent = agent;
        _slots[agent.Id] = slot;
        agent.AddSlot(new PoolSlot(this, slot));
        return slot;
    }

    /// <summary>
    /// One slot of the pool: the agent holding it and whether that agent is in the pool now, side by side so that a
    /// removal and an addition read one cache line of the pool (two arrays cost two cold lines per decision at 10,000 agents).
    /// </summary>
    private struct PoolMember
    {
        public RoutedAgent? Agent;
        public bool InPool;
    }
}
