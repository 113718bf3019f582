namespace Omnichannel.Workspace.CannedResponses;

/// <summary>The limits a canned response must respect, for hosts to validate forms the same way.</summary>
/// <remarks>This type holds constants only and is thread-safe.</remarks>
public static class CannedResponseLimits
{
    /// <summary>The longest shortcut, in characters (without the <c>!</c>).</summary>
    public const int MaxShortcutLength = 32;

    /// <summary>The longest text, in characters.</summary>
    public const int MaxTextLength = 5_000;
}
