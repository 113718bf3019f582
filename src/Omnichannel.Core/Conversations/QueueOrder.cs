namespace Omnichannel.Conversations;

/// <summary>The queue order a contact's place is counted in: priority weight, then queued time, then id (ordinal).</summary>
/// <remarks>Stateless and thread-safe.</remarks>
public static class QueueOrder
{
    /// <summary>The weight of a priority: 1 (highest) to 5 (lowest), and 6 for none, so that none comes last.</summary>
    /// <param name="priority">The priority.</param>
    /// <returns>The weight; smaller is served first.</returns>
    public static int Weight(ConversationPriority priority) => priority == ConversationPriority.None ? 6 : (int)priority;

    /// <summary>True when <paramref name="other"/> is served before <paramref name="queued"/> (both queued in one department).</summary>
    /// <param name="other">Another queued conversation.</param>
    /// <param name="queued">The conversation whose place is counted.</param>
    public static bool IsAhead(Conversation other, Conversation queued)
    {
        ArgumentNullException.ThrowIfNull(other);
        ArgumentNullException.ThrowIfNull(queued);
        var c = Weight(other.Priority).CompareTo(Weight(queued.Priority));
        if (c == 0)
        {
            c = other.QueuedAt.CompareTo(queued.QueuedAt);
        }

        return c != 0 ? c < 0 : string.CompareOrdinal(other.Id.Value, queued.Id.Value) < 0;
    }
}
