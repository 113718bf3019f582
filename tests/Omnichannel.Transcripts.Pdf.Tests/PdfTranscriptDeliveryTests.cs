using Microsoft.Extensions.DependencyInjection;
using Omnichannel.Conversations;
using Omnichannel.Transcripts.Delivery;
using Omnichannel.Transcripts.Tests.Support;

namespace Omnichannel.Transcripts.Pdf.Tests;

public sealed class PdfTranscriptDeliveryTests
{
    [Fact]
    public async Task Export_pdf_at_close_delivers_a_real_pdf_to_the_agent()
    {
        using var host = await TranscriptTestHost.CreateAsync(fakePdf: false, services: s => s.AddOmnichannelPdfTranscripts());
        var conversation = await host.OpenConversationAsync();

        await host.CloseAsync(conversation, choices: new TranscriptChoices(ExportPdf: true, SendEmail: false));
        await host.Worker.RunUntilIdleAsync();

        var message = Assert.Single(host.DirectMessages.Sent);
        Assert.Equal(TranscriptDirectMessageKind.PdfTranscript, message.Kind);
        Assert.Equal(Actor.Agent(TranscriptTestHost.Alice), message.Recipient);
        var (pages, text) = PdfText.Read(message.Attachment!.Content.ToArray());
        Assert.Equal(1, pages);
        Assert.Contains("Let me check that for you.", text, StringComparison.Ordinal);
        Assert.Contains("Alice Martin", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_email_can_carry_the_pdf()
    {
        using var host = await TranscriptTestHost.CreateAsync(o => o.AttachPdfToEmail = true, fakePdf: false, services: s => s.AddOmnichannelPdfTranscripts());
        var conversation = await host.OpenConversationAsync();

        await host.CloseAsync(conversation, choices: new TranscriptChoices(ExportPdf: false, SendEmail: true));
        await host.Worker.RunUntilIdleAsync();

        var attachment = Assert.Single(Assert.Single(host.Email.Sent).Attachments);
        Assert.Equal("application/pdf", attachment.MediaType);
        Assert.Contains("Hello, my invoice is wrong.", PdfText.Read(attachment.Content.ToArray()).Text, StringComparison.Ordinal);
    }
}
