using NodaTime;

namespace Omnichannel.Conversations;

/// <summary>Where a page of a conversation list ends: lists run newest first by creation time, then by id (ordinal, descending).</summary>
/// <param name="CreatedAt">The creation time of the last conversation of the page.</param>
/// <param name="Id">Its identifier.</param>
/// <remarks>This type is an immutable value and is thread-safe.</remarks>
public readonly record struct ConversationCursor(Instant CreatedAt, ConversationId Id)
{
    /// <summary>True when <paramref name="conversation"/> comes after this cursor in list order (older, or as old with a smaller id).</summary>
    /// <param name="conversation">The conversation.</param>
    public bool Precedes(Conversation conversation)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        return conversation.CreatedAt < CreatedAt
            || (conversation.CreatedAt == CreatedAt && string.CompareOrdinal(conversation.Id.Value, Id.Value) < 0);
    }

    /// <summary>The list order: newest first, then id descending (ordinal).</summary>
    /// <param name="x">One conversation.</param>
    /// <param name="y">Another.</param>
    /// <returns>Negative when <paramref name="x"/> comes first.</returns>
    public static int Compare(Conversation x, Conversation y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        var c = y.CreatedAt.CompareTo(x.CreatedAt);
        return c != 0 ? c : string.CompareOrdinal(y.Id.Value, x.Id.Value);
    }
}
