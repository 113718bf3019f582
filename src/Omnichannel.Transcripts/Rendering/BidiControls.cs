using System.Text;

namespace Omnichannel.Transcripts.Rendering;

/// <summary>
/// Keeps the Unicode bidirectional controls a person typed (right-to-left override U+202E, embeddings, isolates) within
/// the text they typed: after each piece of text from a person, the renderers close whatever it left open. Otherwise a
/// name such as "Carol\u202E" would show the rest of its line (the time, the message, the next tag, a file's
/// type) reversed, which is how "invoice\u202Efdp.exe" passes for "invoice.exe.pdf".
/// </summary>
internal static class BidiControls
{
    private const char LeftToRightEmbedding = '\u202A';
    private const char RightToLeftEmbedding = '\u202B';
    private const char PopDirectionalFormatting = '\u202C';
    private const char LeftToRightOverride = '\u202D';
    private const char RightToLeftOverride = '\u202E';
    private const char LeftToRightIsolate = '\u2066';
    private const char RightToLeftIsolate = '\u2067';
    private const char FirstStrongIsolate = '\u2068';
    private const char PopDirectionalIsolate = '\u2069';

    /// <summary>Appends the controls that close what <paramref name="text"/> leaves open (nothing for almost every text).</summary>
    public static StringBuilder AppendClosers(this StringBuilder output, ReadOnlySpan<char> text)
    {
        if (text.IndexOfAnyInRange(LeftToRightEmbedding, RightToLeftOverride) < 0 && text.IndexOfAnyInRange(LeftToRightIsolate, PopDirectionalIsolate) < 0)
        {
            return output;
        }

        // The open initiators, innermost last: true for an isolate, false for an embedding or override (Unicode bidi rules X1-X7).
        var open = new List<bool>();
        foreach (var c in text)
        {
            switch (c)
            {
                case LeftToRightEmbedding or RightToLeftEmbedding or LeftToRightOverride or RightToLeftOverride:
                    open.Add(false);
                    break;
                case LeftToRightIsolate or RightToLeftIsolate or FirstStrongIsolate:
                    open.Add(true);
                    break;
                case PopDirectionalFormatting:
                    // A PDF never closes past an isolate.
                    if (open.Count > 0 && !open[^1])
                    {
                        open.RemoveAt(open.Count - 1);
                    }

                    break;
                case PopDirectionalIsolate:
                    // A PDI closes its isolate and every embedding opened inside it; without an open isolate it does nothing.
                    var isolate = open.LastIndexOf(true);
                    if (isolate >= 0)
                    {
                        open.RemoveRange(isolate, open.Count - isolate);
                    }

                    break;
            }
        }

        for (var i = open.Count - 1; i >= 0; i--)
        {
            output.Append(open[i] ? PopDirectionalIsolate : PopDirectionalFormatting);
        }

        return output;
    }

    /// <summary><paramref name="text"/> followed by the controls that close what it leaves open.</summary>
    public static string Closed(string text) => new StringBuilder(text.Length + 2).Append(text).AppendClosers(text).ToString();
}
