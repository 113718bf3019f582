using System.Text;

namespace Omnichannel.Transcripts.Rendering;

/// <summary>
/// Appends text from people to HTML: every character that could start markup or end an attribute is escaped, and the
/// bidirectional controls it leaves open are closed (<see cref="BidiControls"/>).
/// </summary>
internal static class HtmlWriter
{
    /// <summary>Appends <paramref name="text"/> escaped; line breaks become <c>&lt;br&gt;</c> when <paramref name="lineBreaks"/>.</summary>
    public static StringBuilder AppendEscaped(this StringBuilder html, string? text, bool lineBreaks = false)
    {
        if (string.IsNullOrEmpty(text))
        {
            return html;
        }

        var span = text.AsSpan();
        var start = 0;
        for (var i = 0; i < span.Length; i++)
        {
            var replacement = span[i] switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\'' => "&#39;",
                '\n' when lineBreaks => "<br>",
                '\r' when lineBreaks => string.Empty,
                _ => null,
            };
            if (replacement is not null)
            {
                html.Append(span[start..i]).Append(replacement);
                start = i + 1;
            }
        }

        // Bidirectional controls the text left open would reorder the markup's text that follows (the time, the next tag).
        return html.Append(span[start..]).AppendClosers(span);
    }
}
