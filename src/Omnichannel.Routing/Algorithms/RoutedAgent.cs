using System.Collections.Frozen;
using System.Collections.Immutable;
using NodaTime;
using Omnichannel.Agents;

namespace Omnichannel.Routing.Algorithms;

/// <summary>
/// The router's live view of one agent: what routing algorithms read to choose. A cache of the stores, kept current
/// from domain events and reconciled with the stores, in memory, so a decision needs no database round trip; the
/// store's capacity claim stays the final word, so a stale view can delay but never over-assign.
/// </summary>
/// <remarks>Read it only inside <see cref="IRoutingAlgorithm.SelectAgent"/>, where the router holds its lock; not thread-safe otherwise.</remarks>
public sealed class RoutedAgent
{
    internal RoutedAgent(Agent agent)
    {
        Agent = agent;
        Id = agent.Id;
    }

    /// <summary>The agent's identifier.</summary>
    /// <remarks>Kept here rather than read through <see cref="Agent"/>: the indexes compare ids, and the stored record is one cache miss more.</remarks>
    public AgentId Id { get; }

    /// <summary>The agent as last stored.</summary>
    public Agent Agent { get; internal set; }

    /// <summary>Open conversations the agent serves (Taken, Forwarded by them, and on hold), in all departments.</summary>
    public int OpenConversations => ActiveConversations + OnHoldConversations;

    /// <summary>Open conversations not on hold (Taken, or Forwarded by them and not yet resolved).</summary>
    public int ActiveConversations { get; internal set; }

    /// <summary>On-hold conversations.</summary>
    public int OnHoldConversations { get; internal set; }

    /// <summary>Conversations being assigned or offered to the agent right now (counted as load until resolved).</summary>
    public int ReservedConversations { get; internal set; }

    /// <summary>When the router last gave the agent a conversation (the agent's registration time before that).</summary>
    public Instant LastRoutedAt { get; internal set; }

    /// <summary>When the agent last finished a conversation or became available, whichever is later.</summary>
    public Instant IdleSince { get; internal set; }

    /// <summary>The agent's skills and proficiency levels.</summary>
    public ImmutableDictionary<string, int> Skills => Agent.Skills;

    // The counts below are made on first use: an agent who serves nothing carries no empty collections, so the routed agents
    // of a department lie closer together in memory (fewer pages for a decision to touch at 10,000 agents).
    private Dictionary<DepartmentId, int>? _countedByDepartment;
    private Dictionary<string, int>? _countedByChannel;
    private HashSet<ConversationId>? _serving;

    /// <summary>Counted conversations (and reservations) per department, made on first use (for writing; read with <see cref="CountedIn"/>).</summary>
    internal Dictionary<DepartmentId, int> CountedByDepartment => _countedByDepartment ??= [];

    /// <summary>Counted conversations (and reservations) per channel, for <see cref="Agents.Agent.ChannelCapacity"/>, made on first use (read with <see cref="CountedOn"/>).</summary>
    internal Dictionary<string, int> CountedByChannel => _countedByChannel ??= new(StringComparer.Ordinal);

    /// <summary>The open conversations the router counts on the agent (to find the ones a reconciliation no longer sees), made on first use.</summary>
    internal HashSet<ConversationId> Serving => _serving ??= new(ServingCapacityHint);

    /// <summary>
    /// The first size of <see cref="Serving"/> (a usual number of simultaneous conversations, as the in-memory store sizes an
    /// agent's indexes): an agent given its first conversations does not regrow the set at 3 and 7.
    /// </summary>
    private const int ServingCapacityHint = 8;

    /// <summary>The open conversations the router counts on the agent, without making the set.</summary>
    internal IReadOnlySet<ConversationId> ServingOrNone => (IReadOnlySet<ConversationId>?)_serving ?? FrozenSet<ConversationId>.Empty;

    /// <summary>The conversations counted in <paramref name="department"/> (0 before any).</summary>
    internal int CountedIn(DepartmentId department) => _countedByDepartment?.GetValueOrDefault(department) ?? 0;

    /// <summary>The conversations counted on <paramref name="channel"/> (0 before any).</summary>
    internal int CountedOn(string channel) => _countedByChannel?.GetValueOrDefault(channel) ?? 0;

    /// <summary>The routing state of the agent's departments that the router knows, cached so index updates need no set lookups.</summary>
    internal Dispatch.DepartmentRouting[] Routings { get; set; } = [];

    /// <summary>The agent's slot in the first pool it entered (most agents serve one department), then any others.</summary>
    private Dispatch.AgentPool? _pool;
    private int _slot = -1;
    private Dispatch.PoolSlot[] _moreSlots = [];

    /// <summary>The agent's slot number in <paramref name="pool"/>, or -1 when it has none there.</summary>
    internal int FindSlot(Dispatch.AgentPool pool)
    {
        if (ReferenceEquals(_pool, pool))
        {
            return _slot;
        }

        foreach (var slot in _moreSlots)
        {
            if (ReferenceEquals(slot.Pool, pool))
            {
                return slot.Number;
            }
        }

        return -1;
    }

    internal void AddSlot(Dispatch.PoolSlot slot)
    {
        if (_pool is null)
        {
            (_pool, _slot) = slot;
        }
        else
        {
            _moreSlots = [.. _moreSlots, slot];
        }
    }

    internal void DropSlot(Dispatch.AgentPool pool)
    {
        if (ReferenceEquals(_pool, pool))
        {
            (_pool, _slot) = _moreSlots.Length > 0 ? _moreSlots[0] : default;
            _slot = _pool is null ? -1 : _slot;
            _moreSlots = _moreSlots.Length > 0 ? _moreSlots[1..] : [];
        }
        else
        {
            _moreSlots = [.. _moreSlots.Where(s => !ReferenceEquals(s.Pool, pool))];
        }
    }
}
