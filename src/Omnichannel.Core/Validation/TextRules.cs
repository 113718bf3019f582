using System.Globalization;

namespace Omnichannel.Validation;

/// <summary>
/// The checks every caller-supplied text goes through: present, bounded, and storable by any adapter and renderer (no
/// NUL or other control characters a database or an XML or PDF writer rejects, no unpaired surrogate that a strict UTF-8
/// encoder rejects). Free text (messages, comments) may hold tabs and line breaks but no other control character (C0, DEL,
/// C1); a line (names, tags) holds none, not
/// even the Unicode line and paragraph separators (U+2028, U+2029).
/// </summary>
internal static class TextRules
{
    /// <summary>The problem with <paramref name="text"/>, or null when it is acceptable.</summary>
    /// <param name="text">The text.</param>
    /// <param name="what">What it is, for the message ("message", "closing comment", "name of attachment 2").</param>
    /// <param name="maxLength">The most characters accepted.</param>
    /// <param name="limitName">The setting that holds <paramref name="maxLength"/>, named in the message (for example "OmnichannelOptions.MaxTagLength").</param>
    /// <param name="singleLine">True for names and tags: no control character at all.</param>
    /// <param name="allowEmpty">True when an empty or white-space text is acceptable (null never is).</param>
    public static string? Problem(string? text, string what, int maxLength, string limitName, bool singleLine, bool allowEmpty = false)
    {
        if (text is null || (!allowEmpty && IsBlank(text)))
        {
            return $"The {what} is empty.";
        }

        if (text.Length > maxLength)
        {
            return $"The {what} has {text.Length} characters; at most {maxLength} are accepted. The limit is {limitName}.";
        }

        return FirstInvalid(text, singleLine) is { } invalid
            ? $"The {what} contains {invalid}{(singleLine ? "; it must be one line of text" : string.Empty)}."
            : null;
    }

    /// <summary>
    /// True when <paramref name="text"/> shows nothing: null, empty, or only white space and invisible characters (format
    /// characters such as the zero-width space U+200B, joiners, bidirectional marks and the byte order mark, and the Hangul
    /// fillers). <see cref="string.IsNullOrWhiteSpace"/> lets "\u200B" through as a message, a comment or a name nobody can see.
    /// </summary>
    public static bool IsBlank([System.Diagnostics.CodeAnalysis.NotNullWhen(false)] string? text)
    {
        if (text is null)
        {
            return true;
        }

        // A visible character almost always comes first: the loop ends there.
        foreach (var c in text)
        {
            if (!char.IsWhiteSpace(c) && !IsInvisible(c))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsInvisible(char c) =>
        c is '\u034F' or '\u115F' or '\u1160' or '\u3164' or '\uFFA0' || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format;

    /// <summary>A description of the first character no adapter or renderer can be trusted with, or null when there is none.</summary>
    public static string? FirstInvalid(string text, bool singleLine)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                continue;
            }

            if (char.IsSurrogate(c))
            {
                return $"an unpaired surrogate (U+{(int)c:X4} at character {(i + 1).ToString(CultureInfo.InvariantCulture)}), which is not valid Unicode";
            }

            if (singleLine && c is '\u2028' or '\u2029')
            {
                // Not control characters, but text viewers, JavaScript and many editors break the line there.
                return $"the {(c == '\u2028' ? "line" : "paragraph")} separator U+{(int)c:X4} (at character {(i + 1).ToString(CultureInfo.InvariantCulture)})";
            }

            if (singleLine ? char.IsControl(c) : IsForbiddenInFreeText(c))
            {
                return $"the control character U+{(int)c:X4} (at character {(i + 1).ToString(CultureInfo.InvariantCulture)})";
            }
        }

        return null;
    }

    /// <summary>
    /// Control characters other than tab, line feed and carriage return: the C0 controls (never typed by a person, refused
    /// by XML and by PostgreSQL for NUL), DEL (U+007F) and the C1 controls (U+0080 to U+009F), which no keyboard types
    /// either and which terminals, PDF and XML 1.0 writers treat as commands or discouraged characters (U+0085, the "next
    /// line" of old mainframes, included: a person's line break is LF or CR LF). The same set as a line's, less the breaks.
    /// </summary>
    private static bool IsForbiddenInFreeText(char c) => char.IsControl(c) && c is not ('\t' or '\n' or '\r');
}
