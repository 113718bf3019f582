namespace Omnichannel.Validation;

/// <summary>What a channel name is ("chat", "call", "email"): a word of 1 to 32 characters without spaces or control characters.</summary>
internal static class ChannelRules
{
    public const int MaxLength = 32;

    /// <summary>The problem with a channel name, or null when it is one.</summary>
    public static string? Problem(string? channel) =>
        string.IsNullOrWhiteSpace(channel) || channel.Length > MaxLength || HasWhiteSpace(channel) || TextRules.FirstInvalid(channel, singleLine: true) is not null
            ? $"Channel '{Require.Shorten(channel)}' is not a channel name: a word of 1 to {MaxLength} characters without spaces, such as \"chat\" or \"call\"."
            : null;

    /// <summary>A loop rather than <c>channel.Any(char.IsWhiteSpace)</c>: every arrival checks its channel, and that allocated an enumerator and a delegate.</summary>
    private static bool HasWhiteSpace(string channel)
    {
        foreach (var c in channel)
        {
            if (char.IsWhiteSpace(c))
            {
                return true;
            }
        }

        return false;
    }
}
