using System.Collections.Immutable;

namespace Omnichannel.Transcripts.Delivery;

/// <summary>A transcript email, ready to send: one recipient, a subject, a plain-text and an HTML body, attachments.</summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
public sealed record TranscriptEmail
{
    /// <summary>The conversation transcribed.</summary>
    public required ConversationId ConversationId { get; init; }

    /// <summary>The recipient's address (validated).</summary>
    public required string To { get; init; }

    /// <summary>The subject (one line).</summary>
    public required string Subject { get; init; }

    /// <summary>The plain-text body.</summary>
    public required string TextBody { get; init; }

    /// <summary>The HTML body (a complete document, with everything from people escaped).</summary>
    public required string HtmlBody { get; init; }

    /// <summary>
    /// A stable message identifier (an RFC 5322 msg-id without its angle brackets, <c>id-left@id-right</c>) derived from
    /// the outbox job this email delivers: every attempt to deliver the same job carries the same one, so a receiver can
    /// recognise a duplicate (delivery is at least once). The delivery worker sets it; senders put it in the
    /// <c>Message-ID</c> header (the SMTP adapter does). Null when the sender should make one up.
    /// </summary>
    public string? MessageId { get; init; }

    /// <summary>Files to attach (the PDF when <c>TranscriptOptions.AttachPdfToEmail</c> is set).</summary>
    public ImmutableArray<TranscriptFile> Attachments { get; init; } = [];
}
