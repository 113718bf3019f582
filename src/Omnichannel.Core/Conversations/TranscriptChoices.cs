namespace Omnichannel.Conversations;

/// <summary>The transcript deliveries chosen when a conversation closes, for the transcripts package to carry out.</summary>
/// <param name="ExportPdf">Export the transcript as PDF to the closing agent.</param>
/// <param name="SendEmail">Send the transcript to the contact by email.</param>
/// <remarks>This type is an immutable value and is thread-safe.</remarks>
public readonly record struct TranscriptChoices(bool ExportPdf, bool SendEmail)
{
    /// <summary>Nothing requested.</summary>
    public static TranscriptChoices None => default;

    /// <summary>
    /// Why "export as PDF" was skipped at close (an agent's "always export PDF" preference whose recipient lacks the Request
    /// PDF Transcript permission); null when it was not. A skipped export is never queued, so it cannot fail later.
    /// </summary>
    public string? PdfSkippedReason { get; init; }

    /// <summary>Combines two sets of choices: a delivery is requested when either requests it.</summary>
    /// <param name="other">The other choices.</param>
    public TranscriptChoices Union(TranscriptChoices other) =>
        new(ExportPdf || other.ExportPdf, SendEmail || other.SendEmail) { PdfSkippedReason = PdfSkippedReason ?? other.PdfSkippedReason };
}
