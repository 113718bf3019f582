namespace Omnichannel.Transcripts.Delivery;

/// <summary>An email request made during the conversation (<see cref="TranscriptJobKinds.EmailRequest"/>).</summary>
internal sealed record EmailRequestPayload(string Address, string Subject, ActorPayload RequestedBy);

/// <summary>The cancellation of an email request (<see cref="TranscriptJobKinds.EmailRequestCancellation"/>).</summary>
internal sealed record EmailRequestCancellationPayload(string RequestId, ActorPayload CancelledBy);

/// <summary>
/// A transcript to email (<see cref="TranscriptJobKinds.Email"/>). A null address means the contact's primary
/// email, a null subject the configured default; the requester is told if it fails.
/// </summary>
internal sealed record EmailJobPayload(string? Address, string? Subject, ActorPayload? Requester, string? RequestId);

/// <summary>
/// A PDF transcript for an agent (<see cref="TranscriptJobKinds.Pdf"/>); null when nobody could receive it. In the conversation
/// when it was exported after the close (shown within the conversation as a bot message), else a direct message.
/// </summary>
internal sealed record PdfJobPayload(string? RequesterAgentId, bool InConversation = false);

/// <summary>A notice that a job failed after its last retry (<see cref="TranscriptJobKinds.FailureNotice"/>).</summary>
internal sealed record FailureNoticePayload(string FailedJobId, string FailedJobKind, ActorPayload Recipient, string Text);
