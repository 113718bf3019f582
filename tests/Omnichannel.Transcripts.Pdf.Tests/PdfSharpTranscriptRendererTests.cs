using System.Text;
using Microsoft.Extensions.Options;
using Omnichannel.Conversations;
using Omnichannel.Transcripts.Tests.Support;
using UglyToad.PdfPig;

namespace Omnichannel.Transcripts.Pdf.Tests;

public sealed class PdfSharpTranscriptRendererTests
{
    private static readonly PdfSharpTranscriptRenderer Renderer = new();

    private static byte[] Render(SampleConversation conversation, TranscriptSettings? settings = null) =>
        Renderer.Render(conversation.Transcribe(SampleConversations.Sources, settings ?? TranscriptSettings.Default, SampleConversations.Start));

    [Fact]
    public void The_pdf_contains_the_header_messages_tags_and_closing_comment()
    {
        var (pages, text) = PdfText.Read(Render(SampleConversations.Closed()));

        Assert.Equal(1, pages);
        foreach (var expected in new[]
        {
            "Conversation with Carol", "Queue time 0:00:30", "Department Support", "Alice Martin · 2024-05-01 08:00:45",
            "Hello, my invoice is wrong.", "Let me check that for you.", "Fixed: the duplicate is cancelled.",
            "Tags billing, refund", "Closing comment Refunded the duplicate.", "Page 1 of 1",
        })
        {
            Assert.Contains(expected, text, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("forwarded to bob", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_long_conversation_runs_over_numbered_pages()
    {
        var (pages, text) = PdfText.Read(Render(SampleConversations.WithMessages(1_000)));

        Assert.True(pages > 1, $"expected several pages, got {pages}");
        Assert.Contains("Message 1:", text, StringComparison.Ordinal);
        Assert.Contains("Message 1000:", text, StringComparison.Ordinal);
        Assert.Contains($"Page {pages} of {pages}", text, StringComparison.Ordinal);
        Assert.Equal(1_000, text.Split("Message ").Length - 1);
    }

    [Fact]
    public void A_word_longer_than_a_line_is_broken_and_stays_on_the_page()
    {
        var word = string.Concat(Enumerable.Repeat("Supercalifragilistic", 40));
        var pdf = Render(SampleConversations.Closed(SampleConversations.Message(AuthorKind.Contact, "carol", $"before {word} after")));

        using var document = PdfDocument.Open(pdf);
        foreach (var page in document.GetPages())
        {
            Assert.All(page.Letters, letter => Assert.InRange(letter.BoundingBox.Right, 0, page.Width - 49));
        }

        var letters = string.Concat(document.GetPages().SelectMany(p => p.Letters).Select(l => l.Value));
        Assert.Contains(word, letters, StringComparison.Ordinal);
        Assert.Contains("before", letters, StringComparison.Ordinal);
    }

    [Fact]
    public void Accents_and_other_scripts_come_back_as_written()
    {
        var pdf = Render(SampleConversations.Closed(SampleConversations.Message(AuthorKind.Contact, "carol", "Grüße, café crème; Ελληνικά; Привет")));

        var (_, text) = PdfText.Read(pdf);

        Assert.Contains("Grüße, café crème; Ελληνικά; Привет", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Characters_the_font_lacks_and_control_characters_do_not_break_rendering()
    {
        var pdf = Render(SampleConversations.Closed(SampleConversations.Message(AuthorKind.Contact, "carol", "thanks 🙂 \u0007bell\ttab 你好 end")));

        var (_, text) = PdfText.Read(pdf);

        Assert.Contains("thanks", text, StringComparison.Ordinal);
        Assert.Contains("end", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Fonts_are_embedded()
    {
        var pdf = Render(SampleConversations.Closed());

        Assert.Contains("/FontFile2", Encoding.Latin1.GetString(pdf), StringComparison.Ordinal);
        using var document = PdfDocument.Open(pdf);
        // A subset prefix ("ABCDEF+") marks a font embedded as a subset.
        Assert.All(document.GetPage(1).Letters, letter => Assert.Contains("+Segoe WP", letter.FontName, StringComparison.Ordinal));
    }

    [Fact]
    public void Attachments_are_listed_by_name()
    {
        var pdf = Render(SampleConversations.Closed(SampleConversations.Message(AuthorKind.Contact, "carol", "see attached", 200,
            new Attachment("photo.png", "image/png", 2048, "https://files.example.com/photo.png"))));

        Assert.Contains("Attachment: photo.png (image/png, 2 KB)", PdfText.Read(pdf).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Concurrent_renders_each_produce_a_readable_pdf()
    {
        var transcript = (SampleConversations.WithMessages(200)).Transcribe(SampleConversations.Sources, TranscriptSettings.Default, SampleConversations.Start);

        var pdfs = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => Renderer.Render(transcript))));

        Assert.All(pdfs, pdf => Assert.Contains("Message 200:", PdfText.Read(pdf).Text, StringComparison.Ordinal));
    }

    [Fact]
    public void Out_of_range_options_are_refused()
    {
        var error = Assert.Throws<OptionsValidationException>(() => new PdfSharpTranscriptRenderer(Options.Create(new PdfTranscriptOptions { FontSize = 100 })));

        Assert.Contains("PdfTranscriptOptions.FontSize", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Letter_paper_is_honoured()
    {
        var pdf = new PdfSharpTranscriptRenderer(Options.Create(new PdfTranscriptOptions { PageSize = PdfSharp.PageSize.Letter }))
            .Render(SampleConversations.Closed().Transcribe(SampleConversations.Sources, TranscriptSettings.Default, SampleConversations.Start));

        using var document = PdfDocument.Open(pdf);
        Assert.Equal((612, 792), ((int)document.GetPage(1).Width, (int)document.GetPage(1).Height));
    }
}
