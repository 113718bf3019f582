using Omnichannel.Conversations;

namespace Omnichannel.Transcripts.Delivery;

/// <summary>
/// A message from the system bot (the seed's "Rocket.Cat", <see cref="DependencyInjection.TranscriptOptions.BotName"/>): a
/// direct message to the person who asked for a transcript, or (<see cref="TranscriptDirectMessageKind.PdfTranscriptInConversation"/>)
/// a message within the closed conversation itself.
/// </summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
public sealed record TranscriptDirectMessage
{
    /// <summary>Who sends it: the bot user's name (<see cref="DependencyInjection.TranscriptOptions.BotName"/>).</summary>
    public string Sender { get; init; } = DependencyInjection.TranscriptOptions.DefaultBotName;

    /// <summary>
    /// Where the host keeps the attached file when it posts it within the conversation
    /// (<see cref="TranscriptDirectMessageKind.PdfTranscriptInConversation"/>): the storage reference of the bot message's
    /// attachment in the conversation's log. Null for direct messages.
    /// </summary>
    public string? AttachmentReference { get; init; }

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
