namespace Omnichannel.Transcripts.Rendering;

/// <summary>
/// Renders a transcript as a PDF document. The Omnichannel.Transcripts.Pdf package implements it with PDFsharp
/// (<c>services.AddOmnichannelPdfTranscripts()</c>); register your own to use another engine or service.
/// </summary>
/// <remarks>Implementations must be thread-safe: the delivery workers call them concurrently.</remarks>
public interface ITranscriptPdfRenderer
{
    /// <summary>Renders the transcript.</summary>
    /// <param name="transcript">The transcript, with the settings already applied.</param>
    /// <param name="cancellationToken">Cancels the rendering.</param>
    /// <returns>The PDF document's bytes.</returns>
    ValueTask<ReadOnlyMemory<byte>> RenderAsync(Transcript transcript, CancellationToken cancellationToken);
}
