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
    private RoutedAgent?[] _agents = new RoutedAgent?[4];

    /// <summary>Whether the agent holding a slot is in the pool now: one byte per slot, so the whole array stays in the caches.</summary>
    private bool[] _inPool = new bool[4];
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
                if (_inPool[slot])
                {
                    yield return _agents[slot]!;
                }
            }
        }
    }

    public bool TryGet(AgentId id, [NotNullWhen(true)] out RoutedAgent? agent)
    {
        if (_slots.TryGetValue(id, out var slot) && _inPool[slot])
        {
            agent = _agents[slot]!;
            return true;
        }

        agent = null;
        return false;
    }

    public void Add(RoutedAgent agent)
    {
        var slot = SlotOf(agent);
        if (_inPool[slot])
        {
            return;
        }

        _inPool[slot] = true;
        Count++;
        foreach (var index in _built)
        {
            index.Insert(slot, agent);
        }
    }

    public void Remove(RoutedAgent agent)
    {
        var slot = agent.FindSlot(this);
        if (slot == NoSlot || !_inPool[slot])
        {
            return;
        }

        _inPool[slot] = false;
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
            _agents[slot] = null;
            _freeSlots.Push(slot);
        }
    }

    public OrderedAgentIndex Index(RoutingOrder order)
    {
        if (_indexes[(int)order] is { } existing)
        {
            return existing;
        }

        var index = new OrderedAgentIndex(this, order, _agents.Length);
        for (var slot = 0; slot < _slotCount; slot++)
        {
            if (_inPool[slot])
            {
                index.Insert(slot, _agents[slot]!);
            }
        }

        _indexes[(int)order] = index;
        _built = [.. _built, index];
        return index;
    }

    /// <summary>The agent holding <paramref name="slot"/> (for the indexes, whose entries name agents by slot).</summary>
    internal RoutedAgent AgentAt(int slot) => _agents[slot]!;

    /// <summary>The agent holding <paramref name="slot"/>, or null when the slot is free (for prefetch hints only).</summary>
    internal RoutedAgent? AgentAtOrNull(int slot) => _agents[slot];

    /// <summary>Starts loading the cache line of <paramref name="slot"/>'s agent reference, which a decision a few places on will read.</summary>
    internal void PrefetchAgentSlot(int slot) => CachePrefetch.Line(ref _agents[slot]);

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
            if (slot == _agents.Length)
            {
                Array.Resize(ref _agents, slot * 2);
                Array.Resize(ref _inPool, slot * 2);
            }
        }

        _agents[slot] = agent;
        _slots[agent.Id] = slot;
        agent.AddSlot(new PoolSlot(this, slot));
        return slot;
    }
}
