using Omnichannel.Conversations;

namespace Omnichannel.Transcripts.Delivery;

/// <summary>A direct message from the system bot (the seed's "Rocket.Cat") to the person who asked for a transcript.</summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
public sealed record TranscriptDirectMessage
{
    /// <summary>Who receives it: usually an agent; a contact when a contact asked for an email that failed.</summary>
    public required Actor Recipient { get; init; }

    /// <summary>The conversation it is about.</summary>
    public required ConversationId ConversationId { get; init; }

    /// <summary>Why it is sent.</summary>
    public required TranscriptDirectMessageKind Kind { get; init; }

    /// <summary>The message text, ready to show.</summary>
    public required string Text { get; init; }

    /// <summary>The file attached (the PDF transcript); null when none.</summary>
    public TranscriptFile? Attachment { get; init; }
}
