namespace Omnichannel.Contacts;

/// <summary>
/// A search of the contacts directory: contacts one of whose names (the whole name or any word of it), email addresses
/// or phone numbers (their digits) starts with <see cref="Text"/>, ignoring case; a page of them.
/// </summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
public sealed record ContactSearchQuery
{
    /// <summary>The most contacts one page holds.</summary>
    public const int MaxLimit = 100;

    /// <summary>What to look for (a name, an email address, a phone number); null or blank for every contact. At most 256 characters.</summary>
    public string? Text { get; init; }

    /// <summary>How many matching contacts to skip. Default: 0. At least 0.</summary>
    public int Offset { get; init; }

    /// <summary>How many contacts the page holds at most. Default: 25. 1 to <see cref="MaxLimit"/>.</summary>
    public int Limit { get; init; } = 25;
}
