using UglyToad.PdfPig;

namespace Omnichannel.Transcripts.Pdf.Tests;

/// <summary>Reads a produced PDF back with PdfPig, an independent reader.</summary>
internal static class PdfText
{
    public static (int Pages, string Text) Read(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        var text = string.Join("\n", document.GetPages().Select(page => string.Join(" ", page.GetWords().Select(w => w.Text))));
        return (document.NumberOfPages, text);
    }
}
