namespace Omnichannel.Workspace.Search;

/// <summary>The file types an agent filters attachments by, derived from the media type (<see cref="AttachmentKinds.Of(string, string)"/>).</summary>
public enum AttachmentKind
{
    /// <summary>Anything else (archives, executables, unknown types).</summary>
    Other = 0,

    /// <summary><c>image/*</c>.</summary>
    Image = 1,

    /// <summary><c>video/*</c>.</summary>
    Video = 2,

    /// <summary><c>audio/*</c>.</summary>
    Audio = 3,

    /// <summary>Text and office documents: <c>text/*</c>, PDF, Word, Excel, PowerPoint, OpenDocument, RTF.</summary>
    Document = 4,
}
