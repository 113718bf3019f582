namespace Omnichannel.Routing.Dispatch;

/// <summary>
/// One agent's node in one <see cref="OrderedAgentIndex"/>, stored by value in the index's array at the agent's slot number:
/// everything a decision and an index update read, so that neither follows a reference to another object.
/// </summary>
internal struct IndexEntry
{
    /// <summary>The order's time of the agent when it was inserted, as Unix ticks (floored; equal ticks compare the exact times).</summary>
    public long Ticks;

    /// <summary>The slot of the agent before this one in its bucket, or -1 at the head.</summary>
    public int Previous;

    /// <summary>The slot of the agent after this one in its bucket, or -1 at the tail.</summary>
    public int Next;

    /// <summary>The bucket the agent was inserted into (its load in the orders by load, else 0).</summary>
    public int Bucket;
}
