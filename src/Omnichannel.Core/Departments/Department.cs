using System.Collections.Immutable;
using Omnichannel.Storage;

namespace Omnichannel.Departments;

/// <summary>
/// A group of agents with its own queue. Save one through <see cref="IDepartmentService"/>, which
/// validates it (for example, a department that requires tags must offer some).
/// </summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
public sealed record Department : IVersioned<Department>
{
    /// <summary>The department's identifier.</summary>
    public required DepartmentId Id { get; init; }

    /// <summary>
    /// The department's name. Not unique: two departments may share one, as in the anchor (Rocket.Chat neither checks it
    /// when saving a department nor indexes it uniquely); the <see cref="Id"/> tells them apart.
    /// </summary>
    public required string Name { get; init; }

    /// <summary>The most conversations of this department one agent serves at once; 0 means no department limit. Default: 0.</summary>
    public int MaxChatsPerAgent { get; init; }

    /// <summary>Whether closing a conversation needs at least one tag. Default: false.</summary>
    public bool RequireTagsOnClose { get; init; }

    /// <summary>The tags agents may choose from when closing; empty means any tag.</summary>
    public ImmutableArray<string> ClosingTags { get; init; } = [];

    /// <summary>Tags applied when a conversation is closed without any; each must be one of <see cref="ClosingTags"/>.</summary>
    public ImmutableArray<string> DefaultClosingTags { get; init; } = [];

    /// <summary>The departments conversations may be forwarded to; empty means any other department.</summary>
    public ImmutableHashSet<DepartmentId> ForwardTargets { get; init; } = [];

    /// <summary>
    /// Where conversations go when this department cannot serve them; optional (the anchor's fallback forward department).
    /// A forward to this department while nobody here is available (and <see cref="AcceptForwardsWhenNobodyOnline"/> is
    /// off) goes on to the fallback department, following its own fallback in turn, instead of failing; routing's
    /// <c>OverflowAfter</c> also moves conversations waiting too long here to it.
    /// </summary>
    public DepartmentId? FallbackDepartmentId { get; init; }

    /// <summary>
    /// Whether the department takes new conversations. A disabled one refuses contacts' first messages
    /// (<see cref="Operations.OperationErrorCode.DepartmentDisabled"/>), is no forward or move target, and keeps its
    /// conversations and history. Default: true (the anchor's department "enabled").
    /// </summary>
    public bool Enabled { get; init; } = true;

    /// <summary>
    /// What a contact is told when the department is offline (no agent online and the workspace does not accept
    /// conversations then); it is carried by the <see cref="Operations.OperationErrorCode.Offline"/> refusal. Optional.
    /// </summary>
    public string? OfflineMessage { get; init; }

    /// <summary>
    /// A message posted to the contact (as a system message of the conversation) when a new conversation of this
    /// department is queued, for example "All our agents are busy; you are in the queue." Optional (the anchor's
    /// waiting-queue message).
    /// </summary>
    public string? WaitingQueueMessage { get; init; }

    /// <summary>
    /// Whether a forward to this department is accepted (queued) while none of its agents is online and available; when
    /// false such a forward fails with <see cref="Conversations.ForwardFailureReason.NobodyAvailable"/> and the conversation
    /// stays with the forwarding agent. Default: false.
    /// </summary>
    public bool AcceptForwardsWhenNobodyOnline { get; init; }

    /// <summary>The department's business hours; null means always open. Default: null.</summary>
    public BusinessHours? BusinessHours { get; init; }

    /// <summary>The unit the department belongs to; monitors supervising that unit see and act on its conversations. Optional.</summary>
    public UnitId? UnitId { get; init; }

    /// <inheritdoc />
    public long Version { get; init; }

    /// <summary>True when conversations of this department may be forwarded to <paramref name="target"/>.</summary>
    /// <param name="target">The department forwarded to.</param>
    public bool MayForwardTo(DepartmentId target) => target != Id && (ForwardTargets.IsEmpty || ForwardTargets.Contains(target));

    /// <inheritdoc />
    public Department WithVersion(long version) => this with { Version = version };
}
