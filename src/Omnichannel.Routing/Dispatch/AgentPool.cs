using System.Diagnostics.CodeAnalysis;
using Omnichannel.Routing.Algorithms;

namespace Omnichannel.Routing.Dispatch;

/// <summary>
/// The eligible agents of one department, with an <see cref="OrderedAgentIndex"/> per <see cref="RoutingOrder"/> in use
/// (created on first use). Agents must be removed before a field their order depends on changes, and added back after.
/// Each agent's slot (its links) is kept while it belongs to the department, so removing and adding allocate nothing.
/// </summary>
/// <remarks>Not thread-safe: the router guards it with its lock.</remarks>
internal sealed class AgentPool
{
    private readonly Dictionary<AgentId, PoolSlot> _slots = [];
    private readonly OrderedAgentIndex?[] _indexes = new OrderedAgentIndex?[OrderedAgentIndex.OrderCount];

    public int Count { get; private set; }

    public IEnumerable<RoutedAgent> Members => _slots.Values.Where(static s => s.InPool).Select(static s => s.Agent);

    public bool TryGet(AgentId id, [NotNullWhen(true)] out RoutedAgent? agent)
    {
        if (_slots.TryGetValue(id, out var slot) && slot.InPool)
        {
            agent = slot.Agent;
            return true;
        }

        agent = null;
        return false;
    }

    public void Add(RoutedAgent agent)
    {
        var slot = SlotOf(agent);
        if (slot.InPool)
        {
            return;
        }

        slot.InPool = true;
        Count++;
        foreach (var index in _indexes)
        {
            index?.Insert(slot);
        }
    }

    public void Remove(RoutedAgent agent)
    {
        if (agent.FindSlot(this) is not { InPool: true } slot)
        {
            return;
        }

        slot.InPool = false;
        Count--;
        foreach (var index in _indexes)
        {
            index?.Remove(slot);
        }
    }

    /// <summary>The agent no longer belongs to the department: drops its slot (after <see cref="Remove"/>).</summary>
    public void Forget(RoutedAgent agent)
    {
        Remove(agent);
        if (_slots.Remove(agent.Id, out var slot))
        {
            agent.DropSlot(slot);
        }
    }

    public OrderedAgentIndex Index(RoutingOrder order)
    {
        if (_indexes[(int)order] is { } existing)
        {
            return existing;
        }

        var index = new OrderedAgentIndex(order);
        foreach (var slot in _slots.Values)
        {
            if (slot.InPool)
            {
                index.Insert(slot);
            }
        }

        _indexes[(int)order] = index;
        return index;
    }

    private PoolSlot SlotOf(RoutedAgent agent)
    {
        if (agent.FindSlot(this) is { } slot)
        {
            return slot;
        }

        slot = new PoolSlot(this, agent);
        _slots[agent.Id] = slot;
        agent.AddSlot(slot);
        return slot;
    }
}
