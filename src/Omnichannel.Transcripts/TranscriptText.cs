using System.Globalization;
using NodaTime;
using NodaTime.Text;
using Omnichannel.Conversations;

namespace Omnichannel.Transcripts;

/// <summary>
/// How every transcript format writes times, durations and file sizes, so the text, HTML and PDF renderings
/// (and any renderer an integrator writes) agree.
/// </summary>
/// <remarks>This type is stateless and thread-safe.</remarks>
public static class TranscriptText
{
    private static readonly LocalDateTimePattern MessageTimePattern = LocalDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd HH':'mm':'ss");
    private static readonly ZonedDateTimePattern DateTimePattern = ZonedDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd HH':'mm':'ss z '('o<g>')'", null);
    private static readonly DurationPattern DurationPattern = DurationPattern.CreateWithInvariantCulture("-H:mm:ss");

    /// <summary>A message's time: <c>2024-05-01 10:02:03</c> (the zone is in the transcript's header).</summary>
    /// <param name="time">The time, in the transcript's zone.</param>
    /// <returns>The formatted time.</returns>
    public static string MessageTime(ZonedDateTime time) => MessageTimePattern.Format(time.LocalDateTime);

    /// <summary>A date and time with its zone: <c>2024-05-01 10:02:03 Europe/Paris (+02)</c>.</summary>
    /// <param name="time">The time.</param>
    /// <returns>The formatted date and time.</returns>
    public static string DateTime(ZonedDateTime time) => DateTimePattern.Format(time);

    /// <summary>A duration in hours, minutes and seconds: <c>0:02:13</c>, <c>27:00:00</c>.</summary>
    /// <param name="duration">The duration.</param>
    /// <returns>The formatted duration.</returns>
    public static string Duration(Duration duration) => DurationPattern.Format(NodaTime.Duration.FromSeconds(Math.Floor(duration.TotalSeconds)));

    /// <summary>A file size: <c>512 B</c>, <c>12 KB</c>, <c>3.4 MB</c>.</summary>
    /// <param name="bytes">The size in bytes.</param>
    /// <returns>The formatted size.</returns>
    public static string FileSize(long bytes) => bytes switch
    {
        < 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes} B"),
        < 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{Math.Round(bytes / 1024.0)} KB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024.0):0.#} MB"),
    };

    /// <summary>
    /// An attachment as listed by name: <c>invoice.pdf (application/pdf, 12 KB)</c>. Bidirectional controls left open in
    /// the name (a right-to-left override) are closed after it, so they cannot reorder the type and size.
    /// </summary>
    /// <param name="attachment">The attachment.</param>
    /// <returns>The description.</returns>
    public static string AttachmentDescription(Attachment attachment)
    {
        ArgumentNullException.ThrowIfNull(attachment);
        // A right-to-left override in the name ends with it, or "invoice\u202Efdp.exe" would read as "invoice.exe.pdf" and reverse the type.
        return $"{Rendering.BidiControls.Closed(attachment.FileName)} ({attachment.MediaType}, {FileSize(attachment.SizeBytes)})";
    }

    /// <summary>
    /// True when HTML may show the attachment as an image: an <c>image/*</c> type stored at an absolute http or https
    /// address (other references, such as <c>javascript:</c> or blob keys, are listed by name instead).
    /// </summary>
    /// <param name="attachment">The attachment.</param>
    /// <param name="address">The image's address when true.</param>
    /// <returns>Whether to show it as an image.</returns>
    public static bool IsDisplayableImage(Attachment attachment, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Uri? address)
    {
        ArgumentNullException.ThrowIfNull(attachment);
        address = null;
        return attachment.MediaType.StartsWith("image/", StringComparison.OrdinalIgnoreCase)
            && Uri.TryCreate(attachment.StorageReference, UriKind.Absolute, out address)
            && (address.Scheme == Uri.UriSchemeHttps || address.Scheme == Uri.UriSchemeHttp);
    }
}
