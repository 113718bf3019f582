namespace Omnichannel.Workspace.Search;

/// <summary>What to look for in messages.</summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
public sealed record MessageSearchQuery
{
    /// <summary>The longest text or pattern accepted, in characters.</summary>
    public const int MaxTextLength = 500;

    /// <summary>The most matches one search may return.</summary>
    public const int MaxMatchesLimit = 10_000;

    /// <summary>The text or pattern; not empty, at most <see cref="MaxTextLength"/> characters.</summary>
    public required string Text { get; init; }

    /// <summary>How <see cref="Text"/> is read. Default: <see cref="MessageSearchMode.PlainText"/>.</summary>
    public MessageSearchMode Mode { get; init; }

    /// <summary>The search stops after this many matches and says so (<see cref="MessageSearchResult.Truncated"/>). Default: 1,000. 1 to <see cref="MaxMatchesLimit"/>.</summary>
    public int MaxMatches { get; init; } = 1_000;

    /// <summary>A plain-text query.</summary>
    /// <param name="text">The text to find, ignoring letter case.</param>
    /// <returns>The query.</returns>
    public static MessageSearchQuery PlainText(string text) => new() { Text = text, Mode = MessageSearchMode.PlainText };

    /// <summary>A regular-expression query.</summary>
    /// <param name="pattern">The .NET regular expression, for example <c>error\d{3}</c>.</param>
    /// <returns>The query.</returns>
    public static MessageSearchQuery Regex(string pattern) => new() { Text = pattern, Mode = MessageSearchMode.RegularExpression };
}
