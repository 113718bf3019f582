using NodaTime;

namespace Omnichannel.Conversations;

/// <summary>
/// The order in which queued conversations are served, the same for routing and for the "Queued Chats" list: priority (in
/// the configured order, no priority last), then service-level due time (none last), then the time it was queued, then id.
/// </summary>
/// <remarks>Stateless and thread-safe.</remarks>
public static class QueueOrder
{
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

    /// <summary>
    /// The serving order as a comparer: the "Queued Chats" list is sorted with it, and a contact's place in the queue is
    /// counted with it, so the place is always the conversation's index in the list (its department's part of it).
    /// </summary>
    /// <param name="priorities">The configured priorities, in serving order (<see cref="DependencyInjection.OmnichannelOptions.Priorities"/>).</param>
    /// <returns>A comparer that puts the conversation served first first; a total order (ties end on the id).</returns>
    public static IComparer<Conversation> For(IReadOnlyList<string> priorities)
    {
        ArgumentNullException.ThrowIfNull(priorities);
        return Comparer<Conversation>.Create((x, y) => Compare(x!, y!, priorities));
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
}
