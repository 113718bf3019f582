namespace Omnichannel.Workspace.Search;

/// <summary>Which attachments to list; every condition set must hold. The default lists all of them.</summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
public sealed record AttachmentQuery
{
    /// <summary>Only files whose name contains this text, ignoring letter case; null or empty for any name.</summary>
    public string? NameContains { get; init; }

    /// <summary>Only files of this kind; null for every kind.</summary>
    public AttachmentKind? Kind { get; init; }

    /// <summary>Every attachment.</summary>
    public static AttachmentQuery All { get; } = new();
}
