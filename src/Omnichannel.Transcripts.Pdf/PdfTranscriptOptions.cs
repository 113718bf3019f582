using PdfSharp;

namespace Omnichannel.Transcripts.Pdf;

/// <summary>How PDF transcripts are laid out.</summary>
/// <remarks>Configure before start-up; not thread-safe to change afterwards.</remarks>
public sealed class PdfTranscriptOptions
{
    /// <summary>The paper size. Default: <see cref="PageSize.A4"/>.</summary>
    public PageSize PageSize { get; set; } = PageSize.A4;

    /// <summary>The size of message text, in points. Default: 10. 6 to 24.</summary>
    public double FontSize { get; set; } = 10;
}
