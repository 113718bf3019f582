using PdfSharp.Fonts;
using PdfSharp.WPFonts;

namespace Omnichannel.Transcripts.Pdf;

/// <summary>
/// Resolves every font to the Segoe WP faces shipped inside the PDFsharp package, so rendering needs no system
/// fonts (Linux containers have none PDFsharp can use). Installed once per process, PDFsharp's font settings being
/// global: as the font resolver when the host has none, otherwise as the fallback resolver.
/// </summary>
/// <remarks>Thread-safe: it keeps no state.</remarks>
internal sealed class EmbeddedFontResolver : IFontResolver
{
    /// <summary>The family the renderer asks for.</summary>
    public const string FamilyName = "Segoe WP";

    private const string RegularFace = "SegoeWP";
    private const string BoldFace = "SegoeWP-Bold";
    private static readonly Lock InstallLock = new();
    private static readonly EmbeddedFontResolver Instance = new();
    private static bool _installed;

    public static void EnsureInstalled()
    {
        lock (InstallLock)
        {
            if (_installed)
            {
                return;
            }

            if (GlobalFontSettings.FontResolver is null)
            {
                GlobalFontSettings.FontResolver = Instance;
            }
            else if (GlobalFontSettings.FontResolver != Instance && GlobalFontSettings.FallbackFontResolver is null)
            {
                GlobalFontSettings.FallbackFontResolver = Instance;
            }

            _installed = true;
        }
    }

    public FontResolverInfo ResolveTypeface(string familyName, bool bold, bool italic) =>
        new(bold ? BoldFace : RegularFace, mustSimulateBold: false, mustSimulateItalic: italic);

    public byte[] GetFont(string faceName) => faceName == BoldFace ? FontDataHelper.SegoeWPBold : FontDataHelper.SegoeWP;
}
