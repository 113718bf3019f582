namespace Omnichannel.Workspace.CannedResponses;

/// <summary>The message an agent sends after <c>!shortcut</c> expansion.</summary>
/// <param name="Text">The text to send: the response's text with its placeholders filled in, followed by whatever the agent typed after the shortcut; or the agent's text unchanged.</param>
/// <param name="Response">The canned response used; null when the text did not start with a shortcut.</param>
/// <remarks>This type is immutable and thread-safe.</remarks>
public sealed record CannedResponseExpansion(string Text, CannedResponse? Response)
{
    /// <summary>True when a canned response was used.</summary>
    public bool Expanded => Response is not null;
}
