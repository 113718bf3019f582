using Omnichannel.Conversations;

namespace Omnichannel.Workspace.Search;

/// <summary>Classifies attachments into <see cref="AttachmentKind"/>s.</summary>
/// <remarks>This type is stateless and thread-safe.</remarks>
public static class AttachmentKinds
{
    private static readonly string[] DocumentTypes =
    [
        "application/pdf", "application/rtf", "application/msword", "application/vnd.ms-excel", "application/vnd.ms-powerpoint",
        "application/vnd.openxmlformats-officedocument.", "application/vnd.oasis.opendocument.", "application/epub+zip",
        "application/vnd.apple.pages", "application/vnd.apple.numbers", "application/vnd.apple.keynote",
    ];

    private static readonly Dictionary<string, AttachmentKind> ByExtension = new(StringComparer.OrdinalIgnoreCase)
    {
        [".png"] = AttachmentKind.Image, [".jpg"] = AttachmentKind.Image, [".jpeg"] = AttachmentKind.Image, [".gif"] = AttachmentKind.Image,
        [".webp"] = AttachmentKind.Image, [".heic"] = AttachmentKind.Image, [".bmp"] = AttachmentKind.Image, [".svg"] = AttachmentKind.Image,
        [".mp4"] = AttachmentKind.Video, [".mov"] = AttachmentKind.Video, [".webm"] = AttachmentKind.Video, [".mkv"] = AttachmentKind.Video, [".avi"] = AttachmentKind.Video,
        [".mp3"] = AttachmentKind.Audio, [".wav"] = AttachmentKind.Audio, [".ogg"] = AttachmentKind.Audio, [".m4a"] = AttachmentKind.Audio,
        [".aac"] = AttachmentKind.Audio, [".flac"] = AttachmentKind.Audio, [".opus"] = AttachmentKind.Audio,
        [".pdf"] = AttachmentKind.Document, [".txt"] = AttachmentKind.Document, [".csv"] = AttachmentKind.Document, [".md"] = AttachmentKind.Document,
        [".rtf"] = AttachmentKind.Document, [".doc"] = AttachmentKind.Document, [".docx"] = AttachmentKind.Document, [".xls"] = AttachmentKind.Document,
        [".xlsx"] = AttachmentKind.Document, [".ppt"] = AttachmentKind.Document, [".pptx"] = AttachmentKind.Document, [".odt"] = AttachmentKind.Document,
        [".ods"] = AttachmentKind.Document, [".odp"] = AttachmentKind.Document,
    };

    /// <summary>
    /// The kind of a media type such as <c>image/png</c> or <c>application/pdf; name=x</c> (parameters and letter case
    /// are ignored). A missing or generic type (<c>application/octet-stream</c>) is classified by the file name's extension.
    /// </summary>
    /// <param name="mediaType">The media (MIME) type; may be empty.</param>
    /// <param name="fileName">The file name, used when the media type says nothing; optional.</param>
    /// <returns>The kind; <see cref="AttachmentKind.Other"/> when nothing is known.</returns>
    public static AttachmentKind Of(string? mediaType, string? fileName = null)
    {
        var type = (mediaType ?? string.Empty).Split(';', 2)[0].Trim();
        if (type.Length == 0 || type.Equals("application/octet-stream", StringComparison.OrdinalIgnoreCase))
        {
            return fileName is not null && ByExtension.TryGetValue(Path.GetExtension(fileName), out var byName) ? byName : AttachmentKind.Other;
        }

        var slash = type.IndexOf('/', StringComparison.Ordinal);
        var major = slash < 0 ? type : type[..slash];
        return major.ToUpperInvariant() switch
        {
            "IMAGE" => AttachmentKind.Image,
            "VIDEO" => AttachmentKind.Video,
            "AUDIO" => AttachmentKind.Audio,
            "TEXT" => AttachmentKind.Document,
            _ => DocumentTypes.Any(d => type.StartsWith(d, StringComparison.OrdinalIgnoreCase)) ? AttachmentKind.Document : AttachmentKind.Other,
        };
    }

    /// <summary>The kind of an attachment, from its media type (or its name's extension when the type is generic).</summary>
    /// <param name="attachment">The attachment.</param>
    /// <returns>The kind.</returns>
    public static AttachmentKind Of(Attachment attachment)
    {
        ArgumentNullException.ThrowIfNull(attachment);
        return Of(attachment.MediaType, attachment.FileName);
    }
}
