namespace Omnichannel.Transcripts.Delivery;

/// <summary>Why the system bot writes to someone.</summary>
public enum TranscriptDirectMessageKind
{
    /// <summary>The PDF transcript the recipient asked for, attached.</summary>
    PdfTranscript = 0,

    /// <summary>A transcript the recipient asked for could not be delivered after the last retry.</summary>
    DeliveryFailed = 1,

    /// <summary>
    /// The PDF transcript of an already closed conversation, exported afterwards: the guide shows it within that conversation as
    /// a message from the bot. Post the attached file in the conversation's room, stored under
    /// <see cref="TranscriptDirectMessage.AttachmentReference"/>; the library also appends the bot's message to the conversation's log.
    /// </summary>
    PdfTranscriptInConversation = 2,
}
