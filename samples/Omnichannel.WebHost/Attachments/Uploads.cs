using Microsoft.AspNetCore.Http.Features;

namespace Omnichannel.WebHost.Attachments;

/// <summary>Reads a file upload (multipart form with "file" and an optional "text"), within the attachment size limit.</summary>
public static class Uploads
{
    /// <summary>The file and the text, or the refusal to answer.</summary>
    public static async Task<(IFormFile? File, string? Text, IResult? Refusal)> ReadAsync(HttpContext context, WebHostSettings settings)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(settings);
        // Every other request is held to the server's small body limit; uploads get the attachment limit (plus the form's overhead).
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = settings.MaxAttachmentBytes + 64 * 1024;
        }

        var tooLarge = ApiResults.Error(StatusCodes.Status413PayloadTooLarge, "FileTooLarge",
            $"The file is too large: files of up to {settings.MaxAttachmentBytes / (1024 * 1024)} MB can be attached.");
        // A declared length over the limit is refused before a byte of the body is read, so a client that
        // sent "Expect: 100-continue" gets the 413 instead of a connection closed under its upload.
        if (context.Request.ContentLength > settings.MaxAttachmentBytes + 64 * 1024)
        {
            return (null, null, tooLarge);
        }

        if (!context.Request.HasFormContentType)
        {
            return (null, null, ApiResults.Error(StatusCodes.Status400BadRequest, "InvalidArgument", "Send the file as a multipart form."));
        }

        IFormCollection form;
        try
        {
            form = await context.Request.ReadFormAsync(context.RequestAborted);
        }
        catch (BadHttpRequestException exception) when (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, null, tooLarge);
        }
        catch (InvalidDataException)
        {
            return (null, null, ApiResults.Error(StatusCodes.Status400BadRequest, "InvalidArgument", "The upload could not be read."));
        }

        var file = form.Files.GetFile("file");
        if (file is null || file.Length == 0)
        {
            return (null, null, ApiResults.Error(StatusCodes.Status400BadRequest, "InvalidArgument", "Choose a file that is not empty."));
        }

        return file.Length > settings.MaxAttachmentBytes ? (null, null, tooLarge) : (file, form["text"].ToString(), null);
    }
}
