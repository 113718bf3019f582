using Omnichannel.Transcripts.Delivery;

namespace Omnichannel.Transcripts.Mail.Tests;

/// <summary>
/// Header injection through every text a transcript email carries in a header (subject, conversation id, sender name): a
/// line break never starts a header of its own, so no Bcc reaches the server and the message goes to its one recipient.
/// </summary>
public sealed class HostileEmailTests(LoopbackSmtpServer server) : IClassFixture<LoopbackSmtpServer>
{
    [Fact]
    public async Task Line_breaks_in_the_subject_conversation_id_and_sender_name_never_add_a_header()
    {
        var id = Guid.NewGuid().ToString("N");
        var sender = new SmtpTranscriptEmailSender(Microsoft.Extensions.Options.Options.Create(new SmtpTranscriptEmailOptions
        {
            Host = "127.0.0.1",
            Port = server.Port,
            Security = MailKit.Security.SecureSocketOptions.None,
            FromAddress = "support@example.com",
            FromName = "Support\r\nBcc: evil-from@example.com",
        }));

        var sent = await Record.ExceptionAsync(async () => await sender.SendAsync(new TranscriptEmail
        {
            ConversationId = new ConversationId($"{id}\r\nBcc: evil-id@example.com"),
            To = "carol@example.com",
            Subject = "Transcript\r\nBcc: evil-subject@example.com\r\n\r\n<b>body</b>",
            TextBody = "Hello",
            HtmlBody = "<p>Hello</p>",
        }, CancellationToken.None));

        if (sent is not null)
        {
            Assert.IsAssignableFrom<ArgumentException>(sent); // refused as a caller bug: fine too
            return;
        }

        var message = await server.WaitForMessageAsync(m => m.Headers["X-Omnichannel-Conversation"]?.StartsWith(id, StringComparison.Ordinal) == true);
        Assert.Empty(message.Bcc);
        Assert.Null(message.Headers["Bcc"]);
        Assert.Equal("carol@example.com", message.Headers["X-Envelope-To"]);
        Assert.DoesNotContain('\n', message.Subject ?? string.Empty);
    }
}
