using NodaTime;
using Omnichannel.Agents;
using Omnichannel.Storage;

namespace Omnichannel.Workspace.CannedResponses;

/// <summary>
/// A pre-saved message an agent sends by starting a message with <c>!</c> and its <see cref="Shortcut"/>. Its
/// <see cref="Text"/> may hold placeholders (<see cref="CannedResponsePlaceholders"/>) filled in when it is used.
/// Create and change it through <see cref="ICannedResponseService"/>, which validates it and checks permissions.
/// </summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
public sealed record CannedResponse : IVersioned<CannedResponse>
{
    /// <summary>The identifier.</summary>
    public required CannedResponseId Id { get; init; }

    /// <summary>The shortcut, without the leading <c>!</c>; unique across all scopes, compared ignoring letter case.</summary>
    public required string Shortcut { get; init; }

    /// <summary>The message text, with placeholders such as <c>{{contact.name}}</c>.</summary>
    public required string Text { get; init; }

    /// <summary>Who may use it. Default: <see cref="CannedResponseScope.Public"/>.</summary>
    public CannedResponseScope Scope { get; init; }

    /// <summary>The department whose agents may use it; set exactly when <see cref="Scope"/> is <see cref="CannedResponseScope.Department"/>.</summary>
    public DepartmentId? DepartmentId { get; init; }

    /// <summary>The agent who may use it; set exactly when <see cref="Scope"/> is <see cref="CannedResponseScope.Private"/>.</summary>
    public AgentId? OwnerId { get; init; }

    /// <summary>The agent who created it; null when the host created it.</summary>
    public AgentId? CreatedBy { get; init; }

    /// <summary>The conversation it was created from, when an agent created it from within one; optional.</summary>
    public ConversationId? CreatedInConversation { get; init; }

    /// <summary>When it was created.</summary>
    public required Instant CreatedAt { get; init; }

    /// <summary>When it was last changed.</summary>
    public required Instant UpdatedAt { get; init; }

    /// <inheritdoc />
    public long Version { get; init; }

    /// <summary>True when <paramref name="agent"/> may use it: it is public, of one of their departments, or their own.</summary>
    /// <param name="agent">The agent.</param>
    public bool IsVisibleTo(Agent agent)
    {
        ArgumentNullException.ThrowIfNull(agent);
        return Scope switch
        {
            CannedResponseScope.Public => true,
            CannedResponseScope.Department => DepartmentId is { } department && agent.Departments.Contains(department),
            CannedResponseScope.Private => OwnerId == agent.Id,
            _ => false,
        };
    }

    /// <inheritdoc />
    public CannedResponse WithVersion(long version) => this with { Version = version };
}
