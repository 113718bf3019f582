using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MimeKit;
using Omnichannel.Conversations;
using Omnichannel.Outbox;
using Omnichannel.Storage;
using Omnichannel.Transcripts.Delivery;
using Omnichannel.Transcripts.Tests.Support;

namespace Omnichannel.Transcripts.Mail.Tests;

public sealed class SmtpTranscriptEmailSenderTests(LoopbackSmtpServer server) : IClassFixture<LoopbackSmtpServer>
{
    private SmtpTranscriptEmailOptions Options(int? port = null) => new()
    {
        Host = "127.0.0.1",
        Port = port ?? server.Port,
        Security = MailKit.Security.SecureSocketOptions.None,
        FromAddress = "support@example.com",
        FromName = "Example Support",
    };

    [Fact]
    public async Task The_email_arrives_with_subject_recipient_bodies_and_attachment()
    {
        var sender = new SmtpTranscriptEmailSender(Microsoft.Extensions.Options.Options.Create(Options()));
        var pdf = Encoding.ASCII.GetBytes("%PDF-1.7 not really a pdf");
        var id = Guid.NewGuid().ToString("N");

        await sender.SendAsync(new TranscriptEmail
        {
            ConversationId = new ConversationId(id),
            To = "carol@example.com",
            Subject = "Transcript of your conversation — café",
            TextBody = "[2024-05-01 08:00:00] Carol: Hello",
            HtmlBody = "<!DOCTYPE html><html><body><p>Hello &lt;script&gt;</p></body></html>",
            Attachments = [new TranscriptFile("transcript-c-1.pdf", "application/pdf", pdf)],
        }, CancellationToken.None);

        var message = await server.WaitForMessageAsync(m => m.Headers["X-Omnichannel-Conversation"] == id);
        Assert.Equal("Transcript of your conversation — café", message.Subject);
        Assert.Equal("carol@example.com", Assert.Single(message.To.Mailboxes).Address);
        Assert.Equal("carol@example.com", message.Headers["X-Envelope-To"]);
        Assert.Equal(("Example Support", "support@example.com"), (message.From.Mailboxes.Single().Name, message.From.Mailboxes.Single().Address));
        Assert.Equal("[2024-05-01 08:00:00] Carol: Hello", message.TextBody?.TrimEnd());
        Assert.Contains("Hello &lt;script&gt;", message.HtmlBody, StringComparison.Ordinal);
        var attachment = Assert.IsType<MimePart>(Assert.Single(message.Attachments));
        Assert.Equal("transcript-c-1.pdf", attachment.FileName);
        Assert.Equal("application/pdf", attachment.ContentType.MimeType);
        using var content = new MemoryStream();
        await attachment.Content!.DecodeToAsync(content);
        Assert.Equal(pdf, content.ToArray());
    }

    [Fact]
    public async Task The_message_id_is_sent_as_the_Message_ID_header_the_same_on_every_send()
    {
        var sender = new SmtpTranscriptEmailSender(Microsoft.Extensions.Options.Options.Create(Options()));
        var id = Guid.NewGuid().ToString("N");
        var email = new TranscriptEmail
        {
            ConversationId = new ConversationId(id),
            MessageId = $"{id}@transcripts.omnichannel.invalid",
            To = "carol@example.com",
            Subject = "Transcript",
            TextBody = "text",
            HtmlBody = "<p>html</p>",
        };

        // A duplicate (a crash between the send and its record) carries the same id, so the receiver can drop it.
        await sender.SendAsync(email, CancellationToken.None);
        await sender.SendAsync(email, CancellationToken.None);

        var received = await server.WaitForMessagesAsync(m => m.Headers["X-Omnichannel-Conversation"] == id, count: 2);
        Assert.All(received, m => Assert.Equal($"{id}@transcripts.omnichannel.invalid", m.MessageId));
    }

    [Fact]
    public async Task A_close_delivers_the_requested_transcript_through_smtp()
    {
        using var host = await TranscriptTestHost.CreateAsync(services: s => s.AddOmnichannelSmtpTranscripts(o =>
        {
            o.Host = "127.0.0.1";
            o.Port = server.Port;
            o.Security = MailKit.Security.SecureSocketOptions.None;
            o.FromAddress = "support@example.com";
        }));
        var conversation = await host.OpenConversationAsync();
        (await host.Transcripts.RequestEmailAsync(conversation, Actor.Agent(TranscriptTestHost.Alice), "carol.smtp@example.com", "Our chat about invoice 42")).GetValueOrThrow();
        await host.CloseAsync(conversation);

        await host.Worker.RunUntilIdleAsync();

        var message = await server.WaitForMessageAsync(m => m.Headers["X-Omnichannel-Conversation"] == conversation.Value);
        Assert.Equal("Our chat about invoice 42", message.Subject);
        Assert.Equal("carol.smtp@example.com", message.To.Mailboxes.Single().Address);
        Assert.Contains("Alice Martin: Let me check that for you.", message.TextBody, StringComparison.Ordinal);
        Assert.Contains("<h1>Conversation with Carol</h1>", message.HtmlBody, StringComparison.Ordinal);
        Assert.Matches("^[0-9a-f]{32}@transcripts\\.omnichannel\\.invalid$", message.MessageId);
        Assert.Equal(OutboxMessageStatus.Delivered, Assert.Single(await host.JobsAsync(conversation, TranscriptJobKinds.Email)).Status);
    }

    [Fact]
    public async Task An_unreachable_server_fails_the_send_and_the_worker_retries()
    {
        var deadPort = LoopbackSmtpServer.FreePort();
        using var host = await TranscriptTestHost.CreateAsync(services: s => s.AddOmnichannelSmtpTranscripts(o =>
        {
            o.Host = "127.0.0.1";
            o.Port = deadPort;
            o.Security = MailKit.Security.SecureSocketOptions.None;
            o.FromAddress = "support@example.com";
        }));
        var conversation = await host.OpenConversationAsync();
        await host.CloseAsync(conversation, choices: new TranscriptChoices(ExportPdf: false, SendEmail: true));

        var attempt = await host.Worker.RunOnceAsync();

        Assert.Equal((OutboxMessageStatus.Pending, 1), (attempt!.Status, attempt.Attempts));
        Assert.NotNull(attempt.LastError);
        Assert.True(attempt.DueAt > host.Clock.GetCurrentInstant());
    }

    [Fact]
    public void Settings_that_cannot_work_are_refused()
    {
        using var services = new ServiceCollection().AddOmnichannelSmtpTranscripts(o => o.Port = 0).BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<ITranscriptEmailSender>());

        Assert.Contains("SmtpTranscriptEmailOptions.Host", error.Message, StringComparison.Ordinal);
        Assert.Contains("SmtpTranscriptEmailOptions.Port", error.Message, StringComparison.Ordinal);
        Assert.Contains("SmtpTranscriptEmailOptions.FromAddress", error.Message, StringComparison.Ordinal);
    }
}
