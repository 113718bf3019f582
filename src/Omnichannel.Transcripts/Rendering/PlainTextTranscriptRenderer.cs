using System.Text;

namespace Omnichannel.Transcripts.Rendering;

/// <summary>
/// Renders a transcript as plain text (the text part of transcript emails): the header details, then one block per
/// message, <c>[time] author: text</c>, with continuation lines and attachments indented, then tags and the
/// closing comment. Bidirectional controls a person typed (a right-to-left override) end with the name, tag or line
/// they were typed in.
/// </summary>
/// <remarks>This type is stateless and thread-safe.</remarks>
public static class PlainTextTranscriptRenderer
{
    private const string Indent = "    ";

    /// <summary>Renders the transcript.</summary>
    /// <param name="transcript">The transcript.</param>
    /// <returns>The text, lines ending with <c>\n</c>.</returns>
    public static string Render(Transcript transcript)
    {
        ArgumentNullException.ThrowIfNull(transcript);
        var textLength = 0;
        foreach (var entry in transcript.Entries)
        {
            textLength += entry.Text.Length + entry.AuthorName.Length;
        }

        var text = new StringBuilder(512 + textLength + (transcript.Entries.Length * 32));
        text.Append(transcript.Title).AppendClosers(transcript.Title).Append('\n').Append('=', transcript.Title.Length).Append('\n');
        foreach (var detail in transcript.Details)
        {
            text.Append(detail.Label).AppendClosers(detail.Label).Append(": ").Append(detail.Value).AppendClosers(detail.Value).Append('\n');
        }

        text.Append('\n');
        foreach (var entry in transcript.Entries)
        {
            text.Append('[').Append(TranscriptText.MessageTime(entry.SentAt)).Append("] ").Append(entry.AuthorName).AppendClosers(entry.AuthorName).Append(": ");
            AppendIndented(text, entry.Text);
            foreach (var attachment in entry.Attachments)
            {
                text.Append(Indent).Append("Attachment: ").Append(TranscriptText.AttachmentDescription(attachment)).Append('\n');
            }
        }

        if (!transcript.Tags.IsEmpty)
        {
            text.Append('\n').Append("Tags: ");
            for (var i = 0; i < transcript.Tags.Length; i++)
            {
                text.Append(i == 0 ? string.Empty : ", ").Append(transcript.Tags[i]).AppendClosers(transcript.Tags[i]);
            }

            text.Append('\n');
        }

        if (transcript.ClosingComment is { } comment)
        {
            text.Append(transcript.Tags.IsEmpty ? "\n" : string.Empty).Append("Closing comment: ");
            AppendIndented(text, comment);
        }

        return text.ToString();
    }

    /// <summary>Appends a possibly multi-line text; lines after the first are indented so every message starts a line with <c>[</c>.</summary>
    private static void AppendIndented(StringBuilder text, string value)
    {
        var first = true;
        foreach (var line in value.AsSpan().EnumerateLines())
        {
            if (!first)
            {
                text.Append(Indent);
            }

            text.Append(line.TrimEnd('\r')).AppendClosers(line).Append('\n');
            first = false;
        }
    }
}
