namespace Omnichannel.Workspace.CannedResponses;

/// <summary>What to create with <see cref="ICannedResponseService.CreateAsync"/>.</summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
public sealed record CannedResponseDraft
{
    /// <summary>The shortcut; a leading <c>!</c> is removed. Letters, digits, <c>-</c>, <c>_</c> and <c>.</c>; at most <see cref="CannedResponseLimits.MaxShortcutLength"/> characters.</summary>
    public required string Shortcut { get; init; }

    /// <summary>The text, with placeholders; at most <see cref="CannedResponseLimits.MaxTextLength"/> characters.</summary>
    public required string Text { get; init; }

    /// <summary>Who may use it. Default: <see cref="CannedResponseScope.Private"/> (the creating agent's own).</summary>
    public CannedResponseScope Scope { get; init; } = CannedResponseScope.Private;

    /// <summary>The department, required for <see cref="CannedResponseScope.Department"/> and refused otherwise.</summary>
    public DepartmentId? DepartmentId { get; init; }

    /// <summary>
    /// The conversation the agent creates it from (the seed's "create a canned response from a room"); optional.
    /// The agent must be in that conversation.
    /// </summary>
    public ConversationId? FromConversation { get; init; }
}
