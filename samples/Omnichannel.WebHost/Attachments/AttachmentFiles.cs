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
        var name = Path.GetFileName(file.FileName);
        name = string.IsNullOrWhiteSpace(name) ? "file" : name[..Math.Min(name.Length, 200)];
        var mediaType = MediaTypes.TryGetContentType(name, out var known) ? known : "application/octet-stream";
        await using (var target = File.Create(Path.Combine(_directory, reference)))
        {
            await file.CopyToAsync(target, cancellationToken);
        }

        return new Attachment(name, mediaType, file.Length, reference);
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
