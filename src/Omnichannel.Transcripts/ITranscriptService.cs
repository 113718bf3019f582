using Omnichannel.Conversations;
using Omnichannel.Operations;
using Omnichannel.Outbox;

namespace Omnichannel.Transcripts;

/// <summary>
/// Transcript requests: an email asked for during a conversation (sent when it closes), a PDF of a closed
/// conversation (sent to the requester as a direct message from the system bot), and the transcript itself.
/// Deliveries go through the outbox and a <see cref="Delivery.TranscriptDeliveryWorker"/>, so none is lost.
/// </summary>
/// <remarks>Implementations are thread-safe.</remarks>
public interface ITranscriptService
{
    /// <summary>
    /// Asks for the transcript to be emailed when the conversation closes. One request per conversation at a time:
    /// cancel the pending one to make another. The request is stored durably, atomically with respect to the close.
    /// </summary>
    /// <param name="conversation">The open conversation.</param>
    /// <param name="requester">An agent serving or invited to it (or a manager of its department), its contact, or the system.</param>
    /// <param name="address">The recipient's address.</param>
    /// <param name="subject">The subject, one line; the configured default when null or blank.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The request, or why it was refused (invalid address or subject, closed conversation, a request already pending, ...).</returns>
    ValueTask<OperationResult<TranscriptEmailRequest>> RequestEmailAsync(ConversationId conversation, Actor requester, string address, string? subject = null, CancellationToken cancellationToken = default);

    /// <summary>Cancels the pending email request of an open conversation.</summary>
    /// <param name="conversation">The open conversation.</param>
    /// <param name="actor">Someone who could have made the request.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The cancelled request, or why nothing was cancelled.</returns>
    ValueTask<OperationResult<TranscriptEmailRequest>> CancelEmailRequestAsync(ConversationId conversation, Actor actor, CancellationToken cancellationToken = default);

    /// <summary>The pending email request of an open conversation; null when none (or when it has closed: the request then became an email job).</summary>
    /// <param name="conversation">The conversation.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The request or null.</returns>
    ValueTask<TranscriptEmailRequest?> GetPendingEmailRequestAsync(ConversationId conversation, CancellationToken cancellationToken = default);

    /// <summary>
    /// Asks for the PDF transcript of a closed conversation: it appears within that conversation as a message from the bot
    /// user (<see cref="DependencyInjection.TranscriptOptions.BotName"/>), delivered through the direct-message port as
    /// <see cref="Delivery.TranscriptDirectMessageKind.PdfTranscriptInConversation"/>. Needs the Request PDF Transcript
    /// permission. A PDF is generated once per conversation: when one is being generated or was delivered (at close or on an
    /// earlier request), the result is that job and no new work is queued; only after a failed one is another made.
    /// </summary>
    /// <param name="conversation">The closed conversation.</param>
    /// <param name="requester">The agent asking.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The recorded job (new, or the existing one), or why it was refused.</returns>
    ValueTask<OperationResult<OutboxMessage>> RequestPdfAsync(ConversationId conversation, AgentId requester, CancellationToken cancellationToken = default);

    /// <summary>
    /// Emails the transcript of a <b>closed</b> conversation now, on request (the guide's "export the transcript of a
    /// previously closed conversation"; the anchor's <c>livechat/transcript</c>). The email is recorded as an outbox job
    /// (<see cref="Delivery.TranscriptJobKinds.Email"/>) before this returns and delivered by the
    /// <see cref="Delivery.TranscriptDeliveryWorker"/>, with its retries, so a crash loses no request; the requester is told
    /// if it fails for good. Asking again for the same address and subject while that email is still pending answers the
    /// pending job and queues nothing (a double click sends one email); any other request is a new email.
    /// An open conversation is refused: ask with <see cref="RequestEmailAsync"/>, which sends it when it closes.
    /// </summary>
    /// <param name="conversation">The closed conversation.</param>
    /// <param name="requester">
    /// An agent who can see the conversation (served it, was invited, or supervises its department), its contact (when
    /// <c>OmnichannelOptions.TranscriptsEnabled</c> is on, as for <see cref="RequestEmailAsync"/>), or the system.
    /// </param>
    /// <param name="address">The recipient's address.</param>
    /// <param name="subject">The subject, one line; the configured default when null or blank.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The recorded email job (new, or the identical one still pending), or why it was refused.</returns>
    ValueTask<OperationResult<OutboxMessage>> EmailClosedTranscriptAsync(ConversationId conversation, Actor requester, string address, string? subject = null, CancellationToken cancellationToken = default);

    /// <summary>Builds the transcript of a conversation with the configured settings (to show or render it yourself).</summary>
    /// <param name="conversation">The conversation, open or closed.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>The transcript, or NotFound.</returns>
    ValueTask<OperationResult<Transcript>> GetTranscriptAsync(ConversationId conversation, CancellationToken cancellationToken = default);
}
