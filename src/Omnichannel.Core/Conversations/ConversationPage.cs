namespace Omnichannel.Conversations;

/// <summary>A page of a conversation list.</summary>
/// <param name="Items">The conversations, newest first.</param>
/// <param name="Next">Where the next page starts (pass it as <see cref="ConversationListQuery.After"/>); null on the last page.</param>
/// <remarks>This type is immutable and thread-safe.</remarks>
public sealed record ConversationPage(IReadOnlyList<Conversation> Items, ConversationCursor? Next)
{
    /// <summary>Builds a page from up to <c>limit + 1</c> matches: the extra one only says that a next page exists.</summary>
    /// <param name="matches">The matches in list order, at most one more than <paramref name="limit"/>.</param>
    /// <param name="limit">The page size asked for.</param>
    /// <returns>The page.</returns>
    public static ConversationPage From(IReadOnlyList<Conversation> matches, int limit)
    {
        ArgumentNullException.ThrowIfNull(matches);
        if (matches.Count <= limit)
        {
            return new(matches, null);
        }

        var items = matches.Take(limit).ToArray();
        return new(items, new ConversationCursor(items[^1].CreatedAt, items[^1].Id));
    }
}
