using Omnichannel.Conversations;
using Omnichannel.Transcripts.Rendering;
using Omnichannel.Transcripts.Tests.Support;

namespace Omnichannel.Transcripts.Tests.Rendering;

public sealed class PlainTextTranscriptRendererTests
{
    [Fact]
    public void Render_writes_header_messages_attachments_tags_and_comment()
    {
        var conversation = SampleConversations.Closed(SampleConversations.Message(AuthorKind.Contact, "carol", "two\nlines", 200,
            new Attachment("invoice.pdf", "application/pdf", 12_345, "blob:1")));

        var text = PlainTextTranscriptRenderer.Render(conversation.Transcribe(SampleConversations.Sources, TranscriptSettings.Default, SampleConversations.Start));

        Assert.StartsWith("Conversation with Carol\n=======================\nConversation: c-1\nContact: Carol\nAgents: Alice Martin, bob\nDepartment: Support\n", text, StringComparison.Ordinal);
        Assert.Contains("[2024-05-01 08:00:00] Carol: Hello, my invoice is wrong.\n[2024-05-01 08:00:45] Alice Martin: Let me check that for you.\n", text, StringComparison.Ordinal);
        Assert.Contains("[2024-05-01 08:03:20] Carol: two\n    lines\n    Attachment: invoice.pdf (application/pdf, 12 KB)\n", text, StringComparison.Ordinal);
        Assert.EndsWith("\nTags: billing, refund\nClosing comment: Refunded the duplicate.\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_leaves_out_system_messages_unless_included()
    {
        var conversation = SampleConversations.Closed();

        var without = PlainTextTranscriptRenderer.Render(conversation.Transcribe(SampleConversations.Sources, TranscriptSettings.Default, SampleConversations.Start));
        var with = PlainTextTranscriptRenderer.Render(conversation.Transcribe(SampleConversations.Sources, new TranscriptSettings { IncludeSystemMessages = true }, SampleConversations.Start));

        Assert.DoesNotContain("forwarded to bob", without, StringComparison.Ordinal);
        Assert.Contains("] System: Conversation forwarded to bob.", with, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_of_a_long_conversation_has_one_line_per_message()
    {
        var text = PlainTextTranscriptRenderer.Render((SampleConversations.WithMessages(1_000)).Transcribe(SampleConversations.Sources, TranscriptSettings.Default, SampleConversations.Start));

        Assert.Equal(1_000, text.Split('\n').Count(l => l.StartsWith('[')));
        Assert.Contains("Message 1000:", text, StringComparison.Ordinal);
    }
}
