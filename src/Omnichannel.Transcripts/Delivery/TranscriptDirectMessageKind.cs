namespace Omnichannel.Transcripts.Delivery;

/// <summary>Why the system bot writes to someone.</summary>
public enum TranscriptDirectMessageKind
{
    /// <summary>The PDF transcript the recipient asked for, attached.</summary>
    PdfTranscript = 0,

    /// <summary>A transcript the recipient asked for could not be delivered after the last retry.</summary>
    DeliveryFailed = 1,
}
