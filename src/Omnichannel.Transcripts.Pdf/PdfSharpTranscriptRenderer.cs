using Microsoft.Extensions.Options;
using Omnichannel.Conversations;
using Omnichannel.Transcripts.Rendering;

namespace Omnichannel.Transcripts.Pdf;

/// <summary>
/// Renders transcripts as PDF with PDFsharp: the header details, then every message with its author and time,
/// attachments listed by name, tags and closing comment; long words are broken, long conversations run over as
/// many numbered pages as needed. Fonts come from the PDFsharp package itself and are embedded (subset), so no
/// system fonts are needed.
/// </summary>
/// <remarks>Thread-safe: each call builds its own document.</remarks>
public sealed class PdfSharpTranscriptRenderer : ITranscriptPdfRenderer
{
    private const double LabelWidth = 135;
    private readonly PdfTranscriptOptions _options;

    /// <summary>Creates a renderer with the default layout (A4, 10 pt).</summary>
    public PdfSharpTranscriptRenderer()
        : this(Options.Create(new PdfTranscriptOptions()))
    {
    }

    /// <summary>Creates a renderer with the given layout.</summary>
    /// <param name="options">The layout.</param>
    /// <exception cref="OptionsValidationException">The options are out of range.</exception>
    public PdfSharpTranscriptRenderer(IOptions<PdfTranscriptOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        var validation = new PdfTranscriptOptionsValidator().Validate(null, _options);
        if (validation.Failed)
        {
            throw new OptionsValidationException(nameof(PdfTranscriptOptions), typeof(PdfTranscriptOptions), validation.Failures);
        }

        EmbeddedFontResolver.EnsureInstalled();
    }

    /// <inheritdoc />
    public ValueTask<ReadOnlyMemory<byte>> RenderAsync(Transcript transcript, CancellationToken cancellationToken) =>
        ValueTask.FromResult<ReadOnlyMemory<byte>>(Render(transcript, cancellationToken));

    /// <summary>Renders the transcript.</summary>
    /// <param name="transcript">The transcript.</param>
    /// <param name="cancellationToken">Cancels the rendering.</param>
    /// <returns>The PDF document's bytes.</returns>
    public byte[] Render(Transcript transcript, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transcript);
        using var pdf = new PdfTranscriptWriter(transcript.Title, _options.PageSize, _options.FontSize);
        pdf.Paragraph(transcript.Title, pdf.Title, PdfTranscriptWriter.Black);
        pdf.Space(6);
        foreach (var detail in transcript.Details)
        {
            pdf.Detail(detail.Label, detail.Value, LabelWidth);
        }

        pdf.Rule();
        var count = 0;
        foreach (var entry in transcript.Entries)
        {
            if (++count % 256 == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            var system = entry.AuthorKind == AuthorKind.System;
            pdf.Space(4);
            pdf.Paragraph($"{entry.AuthorName}  ·  {TranscriptText.MessageTime(entry.SentAt)}", pdf.SmallBold, PdfTranscriptWriter.Muted, keepWithNext: pdf.Text.GetHeight());
            pdf.Paragraph(entry.Text, pdf.Text, system ? PdfTranscriptWriter.Muted : PdfTranscriptWriter.Black, indent: 10);
            foreach (var attachment in entry.Attachments)
            {
                pdf.Paragraph($"Attachment: {TranscriptText.AttachmentDescription(attachment)}", pdf.Small, PdfTranscriptWriter.Muted, indent: 10);
            }
        }

        if (!transcript.Tags.IsEmpty || transcript.ClosingComment is not null)
        {
            pdf.Space(4);
            pdf.Rule();
        }

        if (!transcript.Tags.IsEmpty)
        {
            pdf.Detail("Tags", string.Join(", ", transcript.Tags), LabelWidth);
        }

        if (transcript.ClosingComment is { } comment)
        {
            pdf.Detail("Closing comment", comment, LabelWidth);
        }

        return pdf.Finish();
    }
}
