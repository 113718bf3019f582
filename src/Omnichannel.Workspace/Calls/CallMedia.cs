namespace Omnichannel.Workspace.Calls;

/// <summary>What a call carries.</summary>
public enum CallMedia
{
    /// <summary>Audio and video.</summary>
    Video = 0,

    /// <summary>Audio only.</summary>
    Audio = 1,
}
