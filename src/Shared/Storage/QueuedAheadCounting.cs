using NodaTime;
using Omnichannel.Conversations;

namespace Omnichannel.Storage.Shared;

/// <summary>
/// What the SQL stores share to count a contact's place in the queue exactly as Core's <see cref="QueueOrder"/> orders:
/// the database counts, per stored priority, the department's queued conversations, and those of them that come first on
/// SLA due time, queue time and id; the priorities are ranked here with <see cref="QueuePlaceOrder.Rank"/> (names compared
/// ignoring case the .NET way, which SQL's upper()/lower() does not reproduce), so only one row per distinct priority in
/// the queue leaves the database.
/// </summary>
/// <remarks>Stateless and thread-safe.</remarks>
internal static class QueuedAheadCounting
{
    /// <summary>The key of no SLA due time: after every <see cref="SortableKey"/> (those start with a digit).</summary>
    public const string NoDueKey = "~";

    /// <summary>
    /// An instant as text that sorts like the instant (byte order): the stored JSON form's seconds ("2025-03-03T09:00:00"),
    /// then its fraction padded to 9 digits. The stored form itself does not sort ("...:05Z" after "...:05.5Z"); the SQL
    /// of each store derives this same key from the stored text. Valid for years 0001-9999, the ones stored with four digits.
    /// </summary>
    /// <param name="instant">The instant; null for none.</param>
    /// <returns>The key; <see cref="NoDueKey"/> for null.</returns>
    public static string SortableKey(Instant? instant)
    {
        if (instant is not { } value)
        {
            return NoDueKey;
        }

        var text = StorageJson.Serialize(value)[1..^1]; // the stored text, without the JSON quotes
        return text[..19] + (text.Length > 20 && text[19] == '.' ? text[20..^1].PadRight(9, '0') : "000000000");
    }

    /// <summary>
    /// The number ahead of <paramref name="queued"/>: every conversation of a better-ranked priority, and those of an
    /// equally ranked one that come first on SLA due time, queue time and id.
    /// </summary>
    /// <param name="groups">Per stored priority (its JSON text; null when the document has none): how many are queued, and how many of them come first on due time, queue time and id.</param>
    /// <param name="queued">The conversation whose place is counted.</param>
    /// <param name="order">The configured priorities.</param>
    /// <returns>The count.</returns>
    public static int Sum(IEnumerable<(string? PriorityJson, long Queued, long FirstAfterRank)> groups, Conversation queued, QueuePlaceOrder order)
    {
        var mine = order.Rank(queued.Priority);
        var ahead = 0L;
        foreach (var (priorityJson, count, first) in groups)
        {
            var rank = order.Rank(priorityJson is null ? ConversationPriority.None : StorageJson.Deserialize<ConversationPriority>(priorityJson));
            ahead += rank < mine ? count : rank == mine ? first : 0;
        }

        return checked((int)ahead);
    }
}
