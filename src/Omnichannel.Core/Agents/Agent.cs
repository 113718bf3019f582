using System.Collections.Immutable;
using NodaTime;
using Omnichannel.Storage;

namespace Omnichannel.Agents;

/// <summary>
/// A person (or bot) who serves conversations. Immutable: change one with <c>with</c> and save it through
/// <see cref="IAgentService"/> (which raises the status events) or an <see cref="IAgentStore"/>.
/// </summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
public sealed record Agent : IVersioned<Agent>
{
    /// <summary>The agent's identifier.</summary>
    public required AgentId Id { get; init; }

    /// <summary>The unique user name used by <c>/invite @username</c>.</summary>
    public required string Username { get; init; }

    /// <summary>The name shown to contacts and in transcripts; the user name when not set.</summary>
    public string? DisplayName { get; init; }

    /// <summary>The agent's email address, used by canned-response placeholders; optional.</summary>
    public string? Email { get; init; }

    /// <summary>Availability for new conversations. Default: <see cref="AgentStatus.Offline"/>.</summary>
    public AgentStatus Status { get; init; } = AgentStatus.Offline;

    /// <summary>When the status last changed (or the agent was created); used by routing's longest-idle rule.</summary>
    public Instant StatusChangedAt { get; init; }

    /// <summary>The departments the agent serves. Conversations of other departments are never shown or routed to them.</summary>
    public ImmutableHashSet<DepartmentId> Departments { get; init; } = [];

    /// <summary>The most conversations the agent serves at once; 0 means no personal limit (the department's applies). Default: 0.</summary>
    public int MaxSimultaneousConversations { get; init; }

    /// <summary>
    /// The most conversations of a channel the agent serves at once, for example { "call": 1, "chat": 3 }; a channel
    /// not listed has no limit of its own (the agent's and the department's still apply). Default: none.
    /// </summary>
    public ImmutableDictionary<string, int> ChannelCapacity { get; init; } = ImmutableDictionary<string, int>.Empty;

    /// <summary>The omnichannel roles held. Default: <see cref="AgentRoles.Agent"/>.</summary>
    public AgentRoles Roles { get; init; } = AgentRoles.Agent;

    /// <summary>What the agent may do. Default: <see cref="AgentPermissions.DefaultAgent"/>.</summary>
    public AgentPermissions Permissions { get; init; } = AgentPermissions.DefaultAgent;

    /// <summary>Skills and proficiency levels (for example "spanish" = 3), used by skills-based routing. Default: none.</summary>
    public ImmutableDictionary<string, int> Skills { get; init; } = ImmutableDictionary<string, int>.Empty;

    /// <summary>Transcript preferences applied at close. Default: none.</summary>
    public TranscriptPreferences TranscriptPreferences { get; init; }

    /// <inheritdoc />
    public long Version { get; init; }

    /// <summary>The name to show: <see cref="DisplayName"/> when set, else <see cref="Username"/>.</summary>
    public string Name => string.IsNullOrWhiteSpace(DisplayName) ? Username : DisplayName;

    /// <summary>True when the agent holds an omnichannel role (agent or manager).</summary>
    public bool IsOmnichannelAgent => Roles != AgentRoles.None;

    /// <summary>True when the agent is a manager of <paramref name="department"/>.</summary>
    /// <param name="department">The department.</param>
    public bool Manages(DepartmentId department) => (Roles & AgentRoles.Manager) != 0 && Departments.Contains(department);

    /// <summary>True when the agent holds every permission in <paramref name="permissions"/>.</summary>
    /// <param name="permissions">The permissions required.</param>
    public bool Has(AgentPermissions permissions) => (Permissions & permissions) == permissions;

    /// <inheritdoc />
    public Agent WithVersion(long version) => this with { Version = version };
}
