using Omnichannel.Conversations;
using Omnichannel.DependencyInjection;

namespace Omnichannel.Validation;

/// <summary>
/// Checks the attachments of a message on the way in, so that stored data can never break attachment search or
/// transcript rendering: every field present and bounded, a file name that is a name (not a path), a real media type, a size of 0 or more, and a storage
/// reference whose scheme (if any) is allowed (<see cref="OmnichannelOptions.AttachmentReferenceSchemes"/>).
/// </summary>
internal static class AttachmentRules
{
    /// <summary>The longest media type with its parameters, in characters (RFC 6838 allows 127 for the type and for the subtype).</summary>
    public const int MaxMediaTypeLength = 255;

    /// <summary>The problem with a message's attachments, or null (none, or all acceptable).</summary>
    /// <exception cref="ArgumentException">An attachment is null (a caller bug, not something a person typed).</exception>
    public static string? Problem(IReadOnlyList<Attachment>? attachments, OmnichannelOptions options)
    {
        if (attachments is null || attachments.Count == 0)
        {
            return null;
        }

        if (attachments.Count > options.MaxAttachmentsPerMessage)
        {
            return $"The message has {attachments.Count} attachments; at most {options.MaxAttachmentsPerMessage} are accepted. The limit is OmnichannelOptions.MaxAttachmentsPerMessage.";
        }

        for (var i = 0; i < attachments.Count; i++)
        {
            var attachment = attachments[i] ?? throw new ArgumentException($"Attachment {i + 1} of the message is null.", nameof(attachments));
            if (Problem(attachment, i + 1, options) is { } problem)
            {
                return problem;
            }
        }

        return null;
    }

    private static string? Problem(Attachment attachment, int number, OmnichannelOptions options)
    {
        if (TextRules.Problem(attachment.FileName, $"name of attachment {number}", options.MaxAttachmentNameLength, "OmnichannelOptions.MaxAttachmentNameLength", singleLine: true) is { } badName)
        {
            return badName;
        }

        var name = Require.Shorten(attachment.FileName);

        // A name, not a path: a host that saves or serves the file under its name must not be led out of its folder.
        if (attachment.FileName.AsSpan().IndexOfAny('/', '\\') >= 0 || attachment.FileName.Trim() is "." or "..")
        {
            return $"Attachment {number} is named '{name}', which is a path; a file name has no '/' or '\\' and is not '.' or '..'.";
        }

        if (MediaTypeProblem(attachment.MediaType) is { } badType)
        {
            return $"Attachment '{name}' {badType}";
        }

        if (attachment.SizeBytes < 0)
        {
            return $"Attachment '{name}' has a size of {attachment.SizeBytes} bytes; a size is 0 or more.";
        }

        return ReferenceProblem(attachment.StorageReference, options) is { } badReference ? $"Attachment '{name}' {badReference}" : null;
    }

    /// <summary>"type/subtype", optionally followed by parameters ("; charset=utf-8"): what attachment kinds and renderers parse.</summary>
    private static string? MediaTypeProblem(string? mediaType)
    {
        if (string.IsNullOrWhiteSpace(mediaType))
        {
            return "has no media type (for example image/png; application/octet-stream when it is not known).";
        }

        if (mediaType.Length > MaxMediaTypeLength)
        {
            return $"has a media type of {mediaType.Length} characters; at most {MaxMediaTypeLength} are accepted.";
        }

        var parameters = mediaType.IndexOf(';', StringComparison.Ordinal);
        var type = (parameters < 0 ? mediaType : mediaType[..parameters]).Trim();
        var slash = type.IndexOf('/', StringComparison.Ordinal);
        var wellFormed = slash > 0 && slash < type.Length - 1 && type.AsSpan(0, slash).IndexOfAnyExcept(TokenCharacters) < 0
            && type.AsSpan(slash + 1).IndexOfAnyExcept(TokenCharacters) < 0 && TextRules.FirstInvalid(mediaType, singleLine: true) is null;
        return wellFormed ? null : $"has media type '{Require.Shorten(mediaType)}', which is not a media type (type/subtype, for example image/png).";
    }

    private static string? ReferenceProblem(string? reference, OmnichannelOptions options)
    {
        if (string.IsNullOrWhiteSpace(reference))
        {
            return "has no storage reference (the URL or key of its bytes).";
        }

        if (reference.Length > options.MaxAttachmentReferenceLength)
        {
            return $"has a storage reference of {reference.Length} characters; at most {options.MaxAttachmentReferenceLength} are accepted. The limit is OmnichannelOptions.MaxAttachmentReferenceLength.";
        }

        // Browsers drop leading white space and control characters before reading a scheme: " javascript:" is still script.
        if (char.IsWhiteSpace(reference[0]) || char.IsWhiteSpace(reference[^1]) || TextRules.FirstInvalid(reference, singleLine: true) is not null)
        {
            return "has a storage reference with leading or trailing spaces or control characters.";
        }

        return SchemeOf(reference) is { } scheme && !options.AttachmentReferenceSchemes.Contains(scheme, StringComparer.OrdinalIgnoreCase)
            ? $"is stored at a '{Require.Shorten(scheme)}:' address; accepted are references with the schemes {string.Join(", ", options.AttachmentReferenceSchemes)} (OmnichannelOptions.AttachmentReferenceSchemes) or without a scheme (a storage key)."
            : null;
    }

    /// <summary>The scheme of an absolute reference ("https" of "https://..."), or null for a reference without one.</summary>
    private static string? SchemeOf(string reference)
    {
        var colon = reference.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 && IsSchemeName(reference[..colon]) ? reference[..colon] : null;
    }

    /// <summary>RFC 3986: a letter, then letters, digits, '+', '-' or '.'.</summary>
    public static bool IsSchemeName(string? name) =>
        !string.IsNullOrEmpty(name) && char.IsAsciiLetter(name[0]) && name.All(static c => char.IsAsciiLetterOrDigit(c) || c is '+' or '-' or '.');

    /// <summary>RFC 2045 token characters (no spaces, controls or separators).</summary>
    private static readonly System.Buffers.SearchValues<char> TokenCharacters =
        System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-.^_`{|}~");
}
