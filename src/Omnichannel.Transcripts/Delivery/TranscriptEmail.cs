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

    /// <summary>Files to attach (the PDF when <c>TranscriptOptions.AttachPdfToEmail</c> is set).</summary>
    public ImmutableArray<TranscriptFile> Attachments { get; init; } = [];
}
