namespace Omnichannel.Transcripts.Delivery;

/// <summary>
/// Sends messages from the system bot (named by <see cref="TranscriptDirectMessage.Sender"/>, configured with
/// <see cref="DependencyInjection.TranscriptOptions.BotName"/>): PDF transcripts exported at close to the agents who asked
/// for them as direct messages, PDF transcripts exported later within the closed conversation
/// (<see cref="TranscriptDirectMessageKind.PdfTranscriptInConversation"/>), and notices of deliveries that failed. The port
/// the host implements with its chat. A thrown exception means "not sent, try
/// again later": the delivery worker retries with backoff.
/// </summary>
/// <remarks>Implementations must be thread-safe: workers call them concurrently.</remarks>
public interface ITranscriptDirectMessageSender
{
    /// <summary>Sends one direct message.</summary>
    /// <param name="message">The message.</param>
    /// <param name="cancellationToken">Cancels the sending.</param>
    /// <returns>A task that completes when the message is delivered.</returns>
    ValueTask SendAsync(TranscriptDirectMessage message, CancellationToken cancellationToken);
}
