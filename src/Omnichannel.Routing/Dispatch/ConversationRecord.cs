namespace Omnichannel.Routing.Dispatch;

/// <summary>
/// What the router knows of one open conversation, in one object: the newest stored version it applied, the serving agent
/// it counts the conversation on, and its current queuing. The three used to live in three dictionaries of up to every open
/// conversation, and a take read and changed all three: three look-ups, each a few cache misses at 100,000 conversations.
/// </summary>
/// <remarks>Not thread-safe: the router guards it with its lock.</remarks>
internal sealed class ConversationRecord(ConversationId id)
{
    public ConversationId Id { get; } = id;

    /// <summary>The newest stored version applied (<see cref="ConversationVersions"/>); meaningful when <see cref="HasVersion"/>.</summary>
    public long Version;

    public bool HasVersion;

    /// <summary>The agent the view counts the conversation on (<see cref="AgentDirectory"/>); meaningful when <see cref="HasServed"/>.</summary>
    public Served Served;

    public bool HasServed;

    /// <summary>The conversation's current queuing (<see cref="QueueBook"/>), or null.</summary>
    public QueueEntry? Entry;

    /// <summary>True while the record is the one <see cref="ConversationRecords"/> holds for its id (false once dropped).</summary>
    public bool InTable;

    /// <summary>Nothing is known of the conversation any more: the record can leave the table.</summary>
    public bool IsEmpty => !HasVersion && !HasServed && Entry is null;
}
