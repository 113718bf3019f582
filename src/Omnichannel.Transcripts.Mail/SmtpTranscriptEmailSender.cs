using MailKit.Net.Smtp;
using Microsoft.Extensions.Options;
using MimeKit;
using Omnichannel.Transcripts.Delivery;

namespace Omnichannel.Transcripts.Mail;

/// <summary>
/// Sends transcript emails through an SMTP server with MailKit: a multipart message with the plain-text and HTML
/// transcripts and any attachment. Each send opens its own connection, so a failed server is retried cleanly by
/// the delivery worker; an exception (server unreachable, refused recipient) means the email was not accepted.
/// </summary>
/// <remarks>Thread-safe: each call uses its own SMTP client.</remarks>
public sealed class SmtpTranscriptEmailSender : ITranscriptEmailSender
{
    private readonly SmtpTranscriptEmailOptions _options;

    /// <summary>Creates the sender.</summary>
    /// <param name="options">The SMTP settings.</param>
    /// <exception cref="OptionsValidationException">The settings cannot work.</exception>
    public SmtpTranscriptEmailSender(IOptions<SmtpTranscriptEmailOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        var validation = new SmtpTranscriptEmailOptionsValidator().Validate(null, _options);
        if (validation.Failed)
        {
            throw new OptionsValidationException(nameof(SmtpTranscriptEmailOptions), typeof(SmtpTranscriptEmailOptions), validation.Failures);
        }
    }

    /// <inheritdoc />
    public async ValueTask SendAsync(TranscriptEmail email, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(email);
        using var message = CreateMessage(email, _options);
        using var client = new SmtpClient { Timeout = (int)_options.Timeout.TotalMilliseconds };
        await client.ConnectAsync(_options.Host, _options.Port, _options.Security, cancellationToken).ConfigureAwait(false);
        if (!string.IsNullOrEmpty(_options.UserName))
        {
            await client.AuthenticateAsync(_options.UserName, _options.Password ?? string.Empty, cancellationToken).ConfigureAwait(false);
        }

        await client.SendAsync(message, cancellationToken).ConfigureAwait(false);
        await client.DisconnectAsync(quit: true, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The MIME message for a transcript email: text and HTML alternatives, then the attachments.</summary>
    internal static MimeMessage CreateMessage(TranscriptEmail email, SmtpTranscriptEmailOptions options)
    {
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress(options.FromName ?? string.Empty, options.FromAddress));
        message.To.Add(MailboxAddress.Parse(email.To));
        message.Subject = email.Subject;
        if (email.MessageId is { Length: > 0 } messageId)
        {
            // The same on every attempt to deliver one job, so a receiver can recognise a duplicate.
            message.MessageId = messageId;
        }

        message.Headers.Add("X-Omnichannel-Conversation", email.ConversationId.Value);
        var body = new BodyBuilder { TextBody = email.TextBody, HtmlBody = email.HtmlBody };
        foreach (var file in email.Attachments)
        {
            body.Attachments.Add(file.FileName, file.Content.ToArray(), ContentType.Parse(file.MediaType));
        }

        message.Body = body.ToMessageBody();
        return message;
    }
}
