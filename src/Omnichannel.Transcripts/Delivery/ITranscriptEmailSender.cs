namespace Omnichannel.Transcripts.Delivery;

/// <summary>
/// Sends transcript emails: the port the host implements (or takes from Omnichannel.Transcripts.Mail, an SMTP
/// adapter). A thrown exception means "not sent, try again later": the delivery worker retries with backoff and
/// tells the requester after the last attempt.
/// </summary>
/// <remarks>Implementations must be thread-safe: workers call them concurrently.</remarks>
public interface ITranscriptEmailSender
{
    /// <summary>Sends one email; returns once the mail server accepted it.</summary>
    /// <param name="email">The email.</param>
    /// <param name="cancellationToken">Cancels the sending.</param>
    /// <returns>A task that completes when the email is accepted.</returns>
    ValueTask SendAsync(TranscriptEmail email, CancellationToken cancellationToken);
}
