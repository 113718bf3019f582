using System.Runtime.CompilerServices;
using Omnichannel.Routing.Algorithms;

namespace Omnichannel.Routing.Dispatch;

/// <summary>
/// One agent's place in one department's <see cref="AgentPool"/>: whether it is in the pool, and its links in each order's
/// index. Created the first time the agent enters that pool and kept while the agent belongs to the department, so leaving
/// and re-entering the pool (every load change does) allocates nothing.
/// </summary>
/// <remarks>Not thread-safe: the router guards it with its lock.</remarks>
internal sealed class PoolSlot(AgentPool pool, RoutedAgent agent)
{
    public AgentPool Pool { get; } = pool;

    public RoutedAgent Agent { get; } = agent;

    public bool InPool { get; set; }

    /// <summary>The links of the slot in each order's index, by <see cref="RoutingOrder"/>; inline, so following a link touches one object.</summary>
    public IndexLinks Links;
}

/// <summary>One <see cref="IndexLink"/> per <see cref="RoutingOrder"/>, stored inside the slot.</summary>
[InlineArray(OrderedAgentIndex.OrderCount)]
internal struct IndexLinks
{
    private IndexLink _link;
}

/// <summary>An intrusive doubly linked list node: the neighbours in the bucket the slot was inserted into.</summary>
internal struct IndexLink
{
    public PoolSlot? Previous;
    public PoolSlot? Next;
    public int Bucket;
}
