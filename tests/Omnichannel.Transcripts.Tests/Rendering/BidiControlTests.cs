using Omnichannel.Conversations;
using Omnichannel.Transcripts.Rendering;
using Omnichannel.Transcripts.Tests.Support;

namespace Omnichannel.Transcripts.Tests.Rendering;

/// <summary>A right-to-left override (U+202E) or other bidirectional control a person typed ends with the text they typed it in.</summary>
public sealed class BidiControlTests
{
    private const string Override = "\u202E";
    private const string Pop = "\u202C";

    [Fact]
    public void A_right_to_left_override_in_a_name_tag_or_file_name_ends_with_it_in_plain_text()
    {
        var text = PlainTextTranscriptRenderer.Render(Hostile());

        Assert.Contains($"] Carol{Override}{Pop}: Hello", text, StringComparison.Ordinal);
        Assert.Contains($"Attachment: invoice{Override}fdp.exe{Pop} (application/pdf, 12 KB)", text, StringComparison.Ordinal);
        Assert.Contains($"Tags: vip{Override}{Pop}, refund\n", text, StringComparison.Ordinal);
        Assert.Contains($"see {Override}this{Pop}\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_right_to_left_override_in_a_name_tag_or_file_name_ends_with_it_in_html()
    {
        var html = HtmlTranscriptRenderer.Render(Hostile());

        Assert.Contains($"Carol{Override}{Pop}</span> <span class=\"time\">", html, StringComparison.Ordinal);
        Assert.Contains($"invoice{Override}fdp.exe{Pop} (application/pdf, 12 KB)</li>", html, StringComparison.Ordinal);
        Assert.Contains($"vip{Override}{Pop}</span>", html, StringComparison.Ordinal);
        Assert.Contains($"<title>Conversation with Carol{Override}{Pop}</title>", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("plain", "")]
    [InlineData("a\u202Eb\u202Cc", "")]
    [InlineData("a\u2067b\u202Ec", "\u202C\u2069")]
    [InlineData("a\u2067b\u202Ec\u2069d\u202B", "\u202C")]
    [InlineData("\u202C\u2069\u202D", "\u202C")]
    [InlineData("\u2068a\u202Cb", "\u2069")]
    public void Closers_close_exactly_what_the_text_left_open_innermost_first(string typed, string closers) =>
        Assert.Equal($"{typed}{closers} (application/pdf, 1 B)", TranscriptText.AttachmentDescription(new Attachment(typed, "application/pdf", 1, "blob:1")));

    private static Transcript Hostile()
    {
        var sample = SampleConversations.Closed(SampleConversations.Message(AuthorKind.Contact, "carol", $"see {Override}this", 200,
            new Attachment($"invoice{Override}fdp.exe", "application/pdf", 12_345, "blob:1")));
        var conversation = sample with { Conversation = sample.Conversation with { Tags = [$"vip{Override}", "refund"] } };
        var sources = SampleConversations.Sources with { Contact = SampleConversations.Carol with { Name = $"Carol{Override}" } };
        return conversation.Transcribe(sources, TranscriptSettings.Default, SampleConversations.Start);
    }
}
