namespace Omnichannel.Validation;

/// <summary>
/// The Unicode checks every package applies to what a caller supplies, written once and compiled into each assembly that
/// needs them (Core and Transcripts link this file).
/// </summary>
/// <remarks>Thread-safe: stateless.</remarks>
internal static class UnicodeText
{
    /// <summary>The index of the first surrogate that is not half of a pair, or -1 (cheap when the text holds no surrogate).</summary>
    public static int IndexOfUnpairedSurrogate(ReadOnlySpan<char> text)
    {
        var first = text.IndexOfAnyInRange('\uD800', '\uDFFF');
        if (first < 0)
        {
            return -1;
        }

        for (var i = first; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>
    /// Refuses an identifier that no store can hold or find faithfully: one with a NUL character (PostgreSQL text refuses it;
    /// a lookup failed there and answered "not found" elsewhere) or an unpaired surrogate (not UTF-8: SQLite's driver replaced
    /// it with U+FFFD, so a lookup found another entity). Refused the same way whichever store is registered.
    /// </summary>
    /// <param name="value">The identifier's text.</param>
    /// <param name="type">What it identifies, for the message ("AgentId", "Agent id").</param>
    /// <param name="parameter">The caller's parameter.</param>
    /// <exception cref="ArgumentException">The identifier holds a NUL or an unpaired surrogate.</exception>
    public static void RequireStorableIdentifier(string value, string type, string? parameter)
    {
        if (value.Contains('\0', StringComparison.Ordinal))
        {
            var shown = value.Replace('\0', '\uFFFD');
            throw new ArgumentException(
                $"The {type} '{(shown.Length <= 40 ? shown : string.Concat(shown.AsSpan(0, 40), "..."))}' contains a NUL character (U+0000), which no identifier may hold.",
                parameter);
        }

        if (IndexOfUnpairedSurrogate(value) >= 0)
        {
            throw new ArgumentException($"The {type} contains an unpaired surrogate, which is not Unicode text and no identifier may hold.", parameter);
        }
    }
}
