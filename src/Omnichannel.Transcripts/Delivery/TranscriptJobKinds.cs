namespace Omnichannel.Transcripts.Delivery;

/// <summary>
/// The <see cref="Outbox.OutboxMessage.Kind"/>s of transcript jobs, for hosts that inspect their outbox. The
/// transcript delivery worker leases only these kinds.
/// </summary>
/// <remarks>This type is stateless and thread-safe.</remarks>
public static class TranscriptJobKinds
{
    /// <summary>Email the transcript (recorded with the close).</summary>
    public const string Email = "transcript.email";

    /// <summary>Render the PDF transcript and send it to the requester as a direct message.</summary>
    public const string Pdf = "transcript.pdf";

    /// <summary>Tell the requester that a transcript delivery failed after its last retry.</summary>
    public const string FailureNotice = "transcript.failure-notice";

    /// <summary>A record of an email request made during the conversation (address and subject), used when it closes.</summary>
    public const string EmailRequest = "transcript.email-request";

    /// <summary>A record that an email request was cancelled.</summary>
    public const string EmailRequestCancellation = "transcript.email-request-cancellation";

    /// <summary>Every kind, in the order a worker looks for due jobs.</summary>
    public static IReadOnlyList<string> All { get; } = [Email, Pdf, FailureNotice, EmailRequest, EmailRequestCancellation];
}
