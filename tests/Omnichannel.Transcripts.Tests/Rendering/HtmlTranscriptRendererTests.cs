using FsCheck;
using FsCheck.Fluent;
using Omnichannel.Conversations;
using Omnichannel.Transcripts.Rendering;
using Omnichannel.Transcripts.Tests.Support;

namespace Omnichannel.Transcripts.Tests.Rendering;

public sealed class HtmlTranscriptRendererTests
{
    [Theory]
    [InlineData("<script>alert('x')</script>", "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;")]
    [InlineData("<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)&gt;")]
    [InlineData("\"><svg onload=alert(1)>", "&quot;&gt;&lt;svg onload=alert(1)&gt;")]
    [InlineData("Tom & Jerry", "Tom &amp; Jerry")]
    public void Render_shows_markup_written_by_a_person_as_text(string text, string escaped)
    {
        var conversation = SampleConversations.Closed(SampleConversations.Message(AuthorKind.Contact, "carol", text));

        var html = HtmlTranscriptRenderer.Render(conversation.Transcribe(SampleConversations.Sources, TranscriptSettings.Default, SampleConversations.Start));

        Assert.Contains(escaped, html, StringComparison.Ordinal);
        Assert.DoesNotContain(text, html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Render_escapes_names_tags_comments_topics_and_file_names()
    {
        var evil = "<b onmouseover=alert(1)>";
        var sample = SampleConversations.Closed(SampleConversations.Message(AuthorKind.Contact, "carol", "see file", 200,
            new Attachment(evil + ".pdf", "application/pdf", 10, "https://files.example.com/1")));
        var conversation = sample with { Conversation = sample.Conversation with { Tags = [evil], ClosingComment = evil, Topic = evil } };
        var sources = SampleConversations.Sources with { Contact = SampleConversations.Carol with { Name = evil } };

        var html = HtmlTranscriptRenderer.Render(conversation.Transcribe(sources, TranscriptSettings.Default, SampleConversations.Start));

        Assert.DoesNotContain("<b ", html, StringComparison.Ordinal);
        Assert.Contains("&lt;b onmouseover=alert(1)&gt;", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Markup_does_not_depend_on_what_people_wrote()
    {
        // Whatever a message says, the document has exactly the tags of the same transcript with a harmless text.
        Prop.ForAll(ArbMap.Default.ArbFor<NonNull<string>>(), text =>
        {
            var oneLine = text.Get.Replace('\n', ' ').Replace('\r', ' ');
            int Tags(string message) => HtmlTranscriptRenderer.Render((SampleConversations.Closed(SampleConversations.Message(AuthorKind.Contact, "carol", message))).Transcribe(SampleConversations.Sources, TranscriptSettings.Default, SampleConversations.Start)).Count(c => c == '<');
            return Tags(oneLine) == Tags("x");
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Render_shows_images_and_lists_other_files_by_name()
    {
        var conversation = SampleConversations.Closed(SampleConversations.Message(AuthorKind.Contact, "carol", "here", 200,
            new Attachment("photo.png", "image/png", 2048, "https://files.example.com/photo.png"),
            new Attachment("invoice.pdf", "application/pdf", 12_345, "https://files.example.com/invoice.pdf"),
            new Attachment("trap.png", "image/png", 1, "javascript:alert(1)")));

        var html = HtmlTranscriptRenderer.Render(conversation.Transcribe(SampleConversations.Sources, TranscriptSettings.Default, SampleConversations.Start));

        Assert.Contains("<img src=\"https://files.example.com/photo.png\" alt=\"photo.png\">", html, StringComparison.Ordinal);
        Assert.Contains("invoice.pdf (application/pdf, 12 KB)", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<img src=\"https://files.example.com/invoice.pdf\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("javascript:", html.Replace("trap.png (image/png, 1 B)", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("trap.png (image/png, 1 B)", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_contains_details_messages_tags_and_closing_comment()
    {
        var html = HtmlTranscriptRenderer.Render(SampleConversations.Closed().Transcribe(SampleConversations.Sources, TranscriptSettings.Default, SampleConversations.Start));

        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.Contains("<h1>Conversation with Carol</h1>", html, StringComparison.Ordinal);
        Assert.Contains("<tr><th>Queue time</th><td>0:00:30</td></tr>", html, StringComparison.Ordinal);
        Assert.Contains("<span class=\"author\">Alice Martin</span> <span class=\"time\">2024-05-01 08:00:45</span>", html, StringComparison.Ordinal);
        Assert.Contains("Let me check that for you.", html, StringComparison.Ordinal);
        Assert.Contains("<span class=\"tag\">billing</span><span class=\"tag\">refund</span>", html, StringComparison.Ordinal);
        Assert.Contains("Closing comment: Refunded the duplicate.", html, StringComparison.Ordinal);
        Assert.True(html.IndexOf("Hello, my invoice", StringComparison.Ordinal) < html.IndexOf("Let me check", StringComparison.Ordinal));
    }

    [Fact]
    public void Render_keeps_line_breaks_of_a_message()
    {
        var conversation = SampleConversations.Closed(SampleConversations.Message(AuthorKind.Contact, "carol", "line one\r\nline <two>"));

        var html = HtmlTranscriptRenderer.Render(conversation.Transcribe(SampleConversations.Sources, TranscriptSettings.Default, SampleConversations.Start));

        Assert.Contains("line one<br>line &lt;two&gt;", html, StringComparison.Ordinal);
    }
}
