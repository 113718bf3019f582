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

    /// <summary>The agent's email address (name@example.com, as a contact's), used by canned-response placeholders; optional (null or empty for none).</summary>
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

    /// <summary>The built-in omnichannel roles held. Default: <see cref="AgentRoles.Agent"/>.</summary>
    public AgentRoles Roles { get; init; } = AgentRoles.Agent;

    /// <summary>Roles a host added to <see cref="Access.RolePermissionTable"/>, by name (compared ordinally). Default: none.</summary>
    public ImmutableHashSet<string> CustomRoles { get; init; } = [];

    /// <summary>
    /// An explicit permission set for this agent that replaces what their roles grant (an exception for one person);
    /// null, the default, takes the permissions from the role table (<see cref="Access.RolePermissionTable"/>).
    /// </summary>
    public AgentPermissions? Permissions { get; init; }

    /// <summary>The units a monitor supervises (with <see cref="AgentPermissions.SuperviseUnits"/>). Default: none.</summary>
    public ImmutableHashSet<UnitId> SupervisedUnits { get; init; } = [];

    /// <summary>
    /// A deactivated user is never routed to and cannot take, be forwarded to, be invited, or act; their history stays.
    /// Deactivating an agent also sets them Offline (so routing moves their conversations on). Default: false.
    /// </summary>
    public bool Deactivated { get; init; }

    /// <summary>Skills and proficiency levels (for example "spanish" = 3), used by skills-based routing. Default: none.</summary>
    public ImmutableDictionary<string, int> Skills { get; init; } = ImmutableDictionary<string, int>.Empty;

    /// <summary>Transcript preferences applied at close. Default: none.</summary>
    public TranscriptPreferences TranscriptPreferences { get; init; }

    /// <summary>
    /// Whether this agent is a bot: it has no capacity limit, may be given new conversations first
    /// (<see cref="DependencyInjection.OmnichannelOptions.AssignNewConversationsToBotsFirst"/>), and hands over to people by
    /// forwarding or moving the conversation back to the queue. Default: false.
    /// </summary>
    public bool IsBot { get; init; }

    /// <inheritdoc />
    public long Version { get; init; }

    /// <summary>The name to show: <see cref="DisplayName"/> when set, else <see cref="Username"/>.</summary>
    public string Name => string.IsNullOrWhiteSpace(DisplayName) ? Username : DisplayName;

    /// <summary>True when the user holds an omnichannel role (built-in or a host's).</summary>
    public bool IsOmnichannelAgent => Roles != AgentRoles.None || !CustomRoles.IsEmpty;

    /// <summary>True when the agent is a manager of <paramref name="department"/> (holds the Manager role and belongs to it).</summary>
    /// <param name="department">The department.</param>
    public bool Manages(DepartmentId department) => (Roles & AgentRoles.Manager) != 0 && Departments.Contains(department);

    /// <summary>
    /// True when the agent holds every permission in <paramref name="permissions"/>, by <see cref="Permissions"/> or else
    /// the built-in role table's defaults. Services decide with <see cref="Access.IAccessPolicy"/>, which applies the
    /// configured table; this is for code without one (routing's eligibility reads the agent record this way).
    /// </summary>
    /// <param name="permissions">The permissions required.</param>
    public bool Has(AgentPermissions permissions) =>
        !Deactivated && ((Permissions ?? Access.RolePermissionTable.BuiltInPermissions(this)) & permissions) == permissions;

    /// <inheritdoc />
    public Agent WithVersion(long version) => this with { Version = version };
}
