using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.StaticFiles;
using Omnichannel.Conversations;

namespace Omnichannel.WebHost.Attachments;

/// <summary>
/// The bytes of attached files, which the host owns (the library stores only an <see cref="Attachment"/> with a
/// storage reference). Files live in the data directory under random names; a reference is never a path, so nothing a
/// browser sends can name another file.
/// </summary>
public sealed partial class AttachmentFiles
{
    private const int MaxNameLength = 200;
    private static readonly FileExtensionContentTypeProvider MediaTypes = new();
    private readonly string _directory;

    /// <summary>Files under the data directory's "files" folder.</summary>
    public AttachmentFiles(WebHostSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _directory = Path.Combine(settings.ResolvedDataDirectory, "files");
        Directory.CreateDirectory(_directory);
    }

    /// <summary>Stores an uploaded file; the media type comes from its name's extension, not from the browser.</summary>
    public async Task<Attachment> SaveAsync(IFormFile file, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        var reference = "file-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var name = UploadedFileName(file.FileName);
        var mediaType = MediaTypes.TryGetContentType(name, out var known) ? known : "application/octet-stream";
        await using (var target = File.Create(Path.Combine(_directory, reference)))
        {
            await file.CopyToAsync(target, cancellationToken);
        }

        return new Attachment(name, mediaType, file.Length, reference);
    }

    /// <summary>
    /// The name an upload is listed by: the last part of what the browser sent (some send a Windows path, "C:\Users\x\a.txt",
    /// whose '\' <see cref="Path.GetFileName(string)"/> keeps on Linux and the library refuses as a path), at most 200
    /// characters without cutting a character in two, and "file" when nothing usable is left.
    /// </summary>
    public static string UploadedFileName(string? sent)
    {
        var name = (sent ?? string.Empty).AsSpan();
        name = name[(name.LastIndexOfAny('/', '\\') + 1)..].Trim();
        if (name.Length > MaxNameLength)
        {
            // A high surrogate left last would be half a character, which no mail or database encoder accepts.
            name = name[..(char.IsHighSurrogate(name[MaxNameLength - 1]) ? MaxNameLength - 1 : MaxNameLength)];
        }

        return name.IsWhiteSpace() || name is "." or ".." ? "file" : name.ToString();
    }

    /// <summary>The stored file of a reference, or null. Only the host's own references name files.</summary>
    public string? PathOf(string reference) =>
        ReferencePattern().IsMatch(reference) && File.Exists(Path.Combine(_directory, reference)) ? Path.Combine(_directory, reference) : null;

    /// <summary>Removes a stored file whose message was refused.</summary>
    public void Delete(Attachment attachment)
    {
        ArgumentNullException.ThrowIfNull(attachment);
        if (PathOf(attachment.StorageReference) is { } path)
        {
            File.Delete(path);
        }
    }

    /// <summary>Sends a file as a download: never shown inline, so an uploaded page or image cannot run in this origin.</summary>
    public IResult Download(Attachment attachment)
    {
        ArgumentNullException.ThrowIfNull(attachment);
        return PathOf(attachment.StorageReference) is { } path
            ? Results.File(path, "application/octet-stream", attachment.FileName)
            : ApiResults.Error(StatusCodes.Status404NotFound, "NotFound", $"The file '{attachment.FileName}' is not stored here any more.");
    }

    [GeneratedRegex("^file-[0-9a-f]{32}$", RegexOptions.CultureInvariant)]
    private static partial Regex ReferencePattern();
}
