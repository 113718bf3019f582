using System.Globalization;
using System.Text.RegularExpressions;

namespace Omnichannel.Workspace.CannedResponses;

/// <summary>The syntax of canned responses: <c>!shortcut</c> at the start of a message, and <c>{{placeholder}}</c>s in their text.</summary>
internal static partial class CannedResponseText
{
    public const char ShortcutMarker = '!';

    /// <summary>Letters, digits, '-' and '_': a shortcut ends at anything else, so "!thanks, bye" uses "thanks".</summary>
    public static bool IsShortcutCharacter(char c) => char.IsLetterOrDigit(c) || c is '-' or '_';

    /// <summary>The shortcut without a leading '!', or a reason it is not one.</summary>
    public static (string Shortcut, string? Problem) NormalizeShortcut(string? shortcut)
    {
        var value = (shortcut ?? string.Empty).Trim();
        if (value.StartsWith(ShortcutMarker))
        {
            value = value[1..];
        }

        if (value.Length == 0)
        {
            return (value, "A canned response needs a shortcut (the word typed after '!').");
        }

        if (value.Length > CannedResponseLimits.MaxShortcutLength)
        {
            return (value, $"Shortcut '!{value}' has {value.Length} characters; at most {CannedResponseLimits.MaxShortcutLength} are accepted.");
        }

        if (value.Any(char.IsWhiteSpace))
        {
            return (value, $"Shortcut '!{value}' contains a space; a shortcut is one word of letters, digits, '-' and '_'.");
        }

        var invalid = value.FirstOrDefault(c => !IsShortcutCharacter(c));
        return invalid != default
            ? (value, $"Shortcut '!{value}' contains '{invalid}'; a shortcut is one word of letters, digits, '-' and '_'.")
            : (value, null);
    }

    /// <summary>
    /// Splits a message starting with "!shortcut": the shortcut and the rest of the text. Null when the message does
    /// not start with a shortcut; "!!" escapes a literal '!' (the text without the first '!' is returned as the rest).
    /// </summary>
    public static (string Shortcut, string Remainder)? SplitLeadingShortcut(string text)
    {
        if (text.Length < 2 || text[0] != ShortcutMarker)
        {
            return null;
        }

        if (text[1] == ShortcutMarker)
        {
            return (string.Empty, text[1..]);
        }

        var end = 1;
        while (end < text.Length && IsShortcutCharacter(text[end]))
        {
            end++;
        }

        return end == 1 ? null : (text[1..end], text[end..]);
    }

    /// <summary>The placeholder names used in a text, lower-cased, each once, in order of first use.</summary>
    public static IReadOnlyList<string> PlaceholdersIn(string text)
    {
        var names = new List<string>();
        foreach (Match match in Placeholder().Matches(text))
        {
            var name = Normalize(match.Groups[1].Value);
            if (!names.Contains(name, StringComparer.Ordinal))
            {
                names.Add(name);
            }
        }

        return names;
    }

    /// <summary>Replaces every placeholder by its value; every placeholder of the text must have one.</summary>
    public static string Fill(string text, IReadOnlyDictionary<string, string> values) =>
        Placeholder().Replace(text, match => values[Normalize(match.Groups[1].Value)]);

    public static bool IsKnown(string name) => CannedResponsePlaceholders.All.Contains(name, StringComparer.Ordinal);

    private static string Normalize(string name) => name.Trim().ToLower(CultureInfo.InvariantCulture);

    /// <summary>"{{ name }}": anything but braces between double braces.</summary>
    [GeneratedRegex(@"\{\{([^{}]*)\}\}", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();
}
