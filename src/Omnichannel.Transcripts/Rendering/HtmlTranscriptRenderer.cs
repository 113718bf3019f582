using System.Text;
using Omnichannel.Conversations;

namespace Omnichannel.Transcripts.Rendering;

/// <summary>
/// Renders a transcript as a self-contained HTML document (inline styles, no scripts), for email bodies and
/// browsers. Everything that came from a person (messages, names, tags, comments, file names) is escaped, so a
/// message such as <c>&lt;script&gt;</c> shows as text. Image attachments stored at an http(s) address are shown;
/// other files are listed by name.
/// </summary>
/// <remarks>This type is stateless and thread-safe.</remarks>
public static class HtmlTranscriptRenderer
{
    private const string Style =
        "body{font-family:Segoe UI,Helvetica,Arial,sans-serif;color:#222;max-width:48em;margin:1em auto;padding:0 1em}"
        + "table.details{border-collapse:collapse;margin-bottom:1em}table.details th{text-align:left;padding:2px 1em 2px 0;color:#555;font-weight:normal}"
        + "ol.messages{list-style:none;padding:0}li.message{margin:.6em 0;padding:.4em .6em;border-radius:6px;background:#f4f4f4}"
        + "li.agent,li.bot{background:#e8f0fe}li.system{background:none;color:#777;font-style:italic}"
        + ".meta{font-size:.85em;color:#555}.author{font-weight:bold}ul.attachments{margin:.3em 0;padding-left:1.2em}"
        + "ul.attachments img{max-width:20em;max-height:15em}.tag{display:inline-block;background:#eee;border-radius:3px;padding:0 .4em;margin-right:.3em}";

    /// <summary>Renders the transcript.</summary>
    /// <param name="transcript">The transcript.</param>
    /// <returns>The HTML document.</returns>
    public static string Render(Transcript transcript)
    {
        ArgumentNullException.ThrowIfNull(transcript);
        var textLength = 0;
        foreach (var entry in transcript.Entries)
        {
            textLength += entry.Text.Length + entry.AuthorName.Length;
        }

        var html = new StringBuilder(1024 + textLength + (transcript.Entries.Length * 160));
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").AppendEscaped(transcript.Title)
            .Append("</title><style>").Append(Style).Append("</style></head><body>\n<h1>").AppendEscaped(transcript.Title).Append("</h1>\n<table class=\"details\">");
        foreach (var detail in transcript.Details)
        {
            html.Append("<tr><th>").AppendEscaped(detail.Label).Append("</th><td>").AppendEscaped(detail.Value).Append("</td></tr>");
        }

        html.Append("</table>\n<ol class=\"messages\">\n");
        foreach (var entry in transcript.Entries)
        {
            AppendEntry(html, entry);
        }

        html.Append("</ol>\n");
        if (!transcript.Tags.IsEmpty)
        {
            html.Append("<p class=\"tags\">Tags: ");
            foreach (var tag in transcript.Tags)
            {
                html.Append("<span class=\"tag\">").AppendEscaped(tag).Append("</span>");
            }

            html.Append("</p>\n");
        }

        if (transcript.ClosingComment is { } comment)
        {
            html.Append("<p class=\"closing-comment\">Closing comment: ").AppendEscaped(comment, lineBreaks: true).Append("</p>\n");
        }

        return html.Append("</body></html>\n").ToString();
    }

    private static void AppendEntry(StringBuilder html, TranscriptEntry entry)
    {
        html.Append("<li class=\"message ").Append(entry.AuthorKind switch
        {
            AuthorKind.Contact => "contact",
            AuthorKind.Agent => "agent",
            AuthorKind.Bot => "bot",
            _ => "system",
        }).Append("\"><div class=\"meta\"><span class=\"author\">").AppendEscaped(entry.AuthorName).Append("</span> <span class=\"time\">")
            .Append(TranscriptText.MessageTime(entry.SentAt)).Append("</span></div><div class=\"text\">").AppendEscaped(entry.Text, lineBreaks: true).Append("</div>");
        if (!entry.Attachments.IsEmpty)
        {
            html.Append("<ul class=\"attachments\">");
            foreach (var attachment in entry.Attachments)
            {
                html.Append("<li>");
                if (TranscriptText.IsDisplayableImage(attachment, out var address))
                {
                    html.Append("<img src=\"").AppendEscaped(address.AbsoluteUri).Append("\" alt=\"").AppendEscaped(attachment.FileName).Append("\"><br>");
                }

                html.AppendEscaped(TranscriptText.AttachmentDescription(attachment)).Append("</li>");
            }

            html.Append("</ul>");
        }

        html.Append("</li>\n");
    }
}
