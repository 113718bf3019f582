using System.Globalization;
using System.Text;
using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace Omnichannel.Transcripts.Pdf;

/// <summary>
/// Writes lines of text top to bottom across as many pages as needed: wraps paragraphs at word boundaries, breaks
/// words wider than the line, starts a new page when the current one is full, and numbers the pages at the end.
/// One instance renders one document.
/// </summary>
internal sealed class PdfTranscriptWriter : IDisposable
{
    private const double Margin = 50;
    private static readonly XPdfFontOptions Unicode = new(PdfFontEncoding.Unicode);
    private static readonly XBrush Gray = new XSolidBrush(XColor.FromArgb(110, 110, 110));

    private readonly PdfDocument _document = new();
    private readonly PageSize _pageSize;
    private readonly Dictionary<(XFont Font, string Word), double> _widths = [];
    private readonly Dictionary<XFont, double> _spaceWidths = [];
    private XGraphics _graphics = null!;
    private double _y;
    private double _bottom;

    public PdfTranscriptWriter(string title, PageSize pageSize, double fontSize)
    {
        _pageSize = pageSize;
        _document.Info.Title = title;
        _document.Info.Creator = "Omnichannel.Transcripts.Pdf";
        _document.Options.CompressContentStreams = true;
        Text = new XFont(EmbeddedFontResolver.FamilyName, fontSize, XFontStyleEx.Regular, Unicode);
        Bold = new XFont(EmbeddedFontResolver.FamilyName, fontSize, XFontStyleEx.Bold, Unicode);
        Small = new XFont(EmbeddedFontResolver.FamilyName, fontSize * 0.85, XFontStyleEx.Regular, Unicode);
        SmallBold = new XFont(EmbeddedFontResolver.FamilyName, fontSize * 0.85, XFontStyleEx.Bold, Unicode);
        Title = new XFont(EmbeddedFontResolver.FamilyName, fontSize * 1.6, XFontStyleEx.Bold, Unicode);
        NewPage();
    }

    public XFont Text { get; }

    public XFont Bold { get; }

    public XFont Small { get; }

    public XFont SmallBold { get; }

    public XFont Title { get; }

    public static XBrush Black => XBrushes.Black;

    public static XBrush Muted => Gray;

    private double Width => _graphics.PageSize.Width - (2 * Margin);

    /// <summary>Writes a paragraph (line breaks kept), wrapped to the page width less <paramref name="indent"/>.</summary>
    public void Paragraph(string text, XFont font, XBrush brush, double indent = 0, double keepWithNext = 0)
    {
        var lineHeight = font.GetHeight();
        var first = true;
        foreach (var line in Wrap(text, font, Width - indent))
        {
            Reserve(lineHeight + (first ? keepWithNext : 0));
            if (line.Length > 0)
            {
                _graphics.DrawString(line, font, brush, Margin + indent, _y, XStringFormats.TopLeft);
            }

            _y += lineHeight;
            first = false;
        }
    }

    /// <summary>Writes a label in bold and its value wrapped in a column to its right.</summary>
    public void Detail(string label, string value, double labelWidth)
    {
        Reserve(Text.GetHeight());
        _graphics.DrawString(label, Bold, XBrushes.Black, Margin, _y, XStringFormats.TopLeft);
        var lineHeight = Text.GetHeight();
        var first = true;
        foreach (var line in Wrap(value, Text, Width - labelWidth))
        {
            if (!first)
            {
                Reserve(lineHeight);
            }

            _graphics.DrawString(line, Text, XBrushes.Black, Margin + labelWidth, _y, XStringFormats.TopLeft);
            _y += lineHeight;
            first = false;
        }
    }

    public void Rule()
    {
        Reserve(8);
        _graphics.DrawLine(XPens.LightGray, Margin, _y + 4, Margin + Width, _y + 4);
        _y += 8;
    }

    public void Space(double points) => _y += points;

    /// <summary>Numbers the pages and returns the document's bytes.</summary>
    public byte[] Finish()
    {
        _graphics.Dispose();
        var count = _document.PageCount;
        for (var i = 0; i < count; i++)
        {
            using var graphics = XGraphics.FromPdfPage(_document.Pages[i], XGraphicsPdfPageOptions.Append);
            var text = string.Create(CultureInfo.InvariantCulture, $"Page {i + 1} of {count}");
            graphics.DrawString(text, Small, Gray, new XRect(Margin, graphics.PageSize.Height - Margin + 12, graphics.PageSize.Width - (2 * Margin), Small.GetHeight()), XStringFormats.TopRight);
        }

        using var stream = new MemoryStream();
        _document.Save(stream, closeStream: false);
        return stream.ToArray();
    }

    public void Dispose()
    {
        _graphics?.Dispose();
        _document.Dispose();
    }

    private void Reserve(double height)
    {
        if (_y + height > _bottom && _y > Margin)
        {
            NewPage();
        }
    }

    private void NewPage()
    {
        _graphics?.Dispose();
        var page = _document.AddPage();
        page.Size = _pageSize;
        _graphics = XGraphics.FromPdfPage(page);
        _y = Margin;
        _bottom = page.Height.Point - Margin;
    }

    /// <summary>The lines of <paramref name="text"/> at most <paramref name="width"/> wide: words kept whole when they fit, broken when wider than a line.</summary>
    private List<string> Wrap(string text, XFont font, double width)
    {
        var lines = new List<string>();
        var space = SpaceWidth(font);
        var current = new StringBuilder();
        foreach (var rawLine in text.AsSpan().EnumerateLines())
        {
            var lineWidth = 0.0;
            foreach (var range in rawLine.Split(' '))
            {
                var word = Clean(rawLine[range]);
                if (word.Length == 0)
                {
                    continue;
                }

                var wordWidth = Measure(word, font);
                var gap = current.Length == 0 ? 0 : space;
                if (lineWidth + gap + wordWidth <= width)
                {
                    (current.Length == 0 ? current : current.Append(' ')).Append(word);
                    lineWidth += gap + wordWidth;
                    continue;
                }

                if (current.Length > 0)
                {
                    lines.Add(current.ToString());
                    current.Clear();
                }

                while (wordWidth > width)
                {
                    var fits = FittingPrefixLength(word, font, width);
                    lines.Add(word[..fits]);
                    word = word[fits..];
                    wordWidth = Measure(word, font);
                }

                current.Append(word);
                lineWidth = wordWidth;
            }

            lines.Add(current.ToString());
            current.Clear();
        }

        return lines;
    }

    /// <summary>The longest prefix that fits (at least one character, never half of a surrogate pair).</summary>
    private int FittingPrefixLength(string word, XFont font, double width)
    {
        int low = 1, high = word.Length - 1;
        while (low < high)
        {
            var middle = (low + high + 1) / 2;
            if (_graphics.MeasureString(word[..middle], font).Width <= width)
            {
                low = middle;
            }
            else
            {
                high = middle - 1;
            }
        }

        if (char.IsHighSurrogate(word[low - 1]))
        {
            low = low > 1 ? low - 1 : low + 1;
        }

        return Math.Min(low, word.Length);
    }

    private double Measure(string word, XFont font)
    {
        if (!_widths.TryGetValue((font, word), out var width))
        {
            width = _graphics.MeasureString(word, font).Width;
            if (word.Length <= 32)
            {
                _widths[(font, word)] = width;
            }
        }

        return width;
    }

    private double SpaceWidth(XFont font)
    {
        if (!_spaceWidths.TryGetValue(font, out var width))
        {
            width = _graphics.MeasureString("x x", font).Width - _graphics.MeasureString("xx", font).Width;
            _spaceWidths[font] = width;
        }

        return width;
    }

    /// <summary>Tabs become spaces' worth of width is not kept; control characters would draw as boxes, so they are dropped.</summary>
    private static string Clean(ReadOnlySpan<char> word)
    {
        foreach (var c in word)
        {
            if (char.IsControl(c))
            {
                var clean = new StringBuilder(word.Length);
                foreach (var d in word)
                {
                    if (!char.IsControl(d))
                    {
                        clean.Append(d);
                    }
                }

                return clean.ToString();
            }
        }

        return word.ToString();
    }
}
