using NodaTime;

namespace Omnichannel.Conversations;

/// <summary>
/// The order in which queued conversations are served, the same for routing and for the "Queued Chats" list: priority (in
/// the configured order, no priority last), then service-level due time (none last), then the time it was queued, then id.
/// </summary>
/// <remarks>Stateless and thread-safe.</remarks>
public static class QueueOrder
{
    /// <summary>The default priorities, in serving order (<see cref="DependencyInjection.OmnichannelOptions.Priorities"/>).</summary>
    private static readonly string[] DefaultPriorities = ["Highest", "High", "Medium", "Low", "Lowest"];

    /// <summary>The rank of <paramref name="priority"/>: its position in <paramref name="priorities"/> (0 is served first); <see cref="int.MaxValue"/> for none or one not configured.</summary>
    /// <param name="priority">The priority.</param>
    /// <param name="priorities">The configured priorities, in serving order.</param>
    /// <returns>The rank.</returns>
    public static int Rank(ConversationPriority priority, IReadOnlyList<string> priorities)
    {
        ArgumentNullException.ThrowIfNull(priorities);
        if (priority.Name is { } name)
        {
            for (var i = 0; i < priorities.Count; i++)
            {
                if (string.Equals(priorities[i], name, StringComparison.OrdinalIgnoreCase))
                {
                    return i;
                }
            }
        }

        return int.MaxValue;
    }

    /// <summary>Compares two queued conversations in serving order.</summary>
    /// <param name="x">One conversation.</param>
    /// <param name="y">The other.</param>
    /// <param name="priorities">The configured priorities, in serving order.</param>
    /// <returns>Negative when <paramref name="x"/> is served first.</returns>
    public static int Compare(Conversation x, Conversation y, IReadOnlyList<string> priorities)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        var c = Rank(x.Priority, priorities).CompareTo(Rank(y.Priority, priorities));
        if (c == 0)
        {
            c = (x.ServiceLevelDueAt ?? Instant.MaxValue).CompareTo(y.ServiceLevelDueAt ?? Instant.MaxValue);
        }

        if (c == 0)
        {
            c = x.QueuedAt.CompareTo(y.QueuedAt);
        }

        return c != 0 ? c : string.CompareOrdinal(x.Id.Value, y.Id.Value);
    }

    /// <summary>
    /// The weight a contact's place in the queue is counted with (the stores count it with an index): 1 (Highest) to 5
    /// (Lowest) for the default priority names, 6 for none or any other name.
    /// </summary>
    /// <param name="priority">The priority.</param>
    /// <returns>The weight; smaller is served first.</returns>
    public static int Weight(ConversationPriority priority) =>
        Rank(priority, DefaultPriorities) is var rank && rank == int.MaxValue ? 6 : rank + 1;

    /// <summary>True when <paramref name="other"/> is counted before <paramref name="queued"/> (both queued in one department): weight, then queued time, then id.</summary>
    /// <param name="other">Another queued conversation.</param>
    /// <param name="queued">The conversation whose place is counted.</param>
    /// <returns>True when it is ahead.</returns>
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
