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

    /// <summary>The department's name.</summary>
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

    /// <summary>Where conversations overflow to when this department cannot serve them; optional.</summary>
    public DepartmentId? FallbackDepartmentId { get; init; }

    /// <inheritdoc />
    public long Version { get; init; }

    /// <summary>True when conversations of this department may be forwarded to <paramref name="target"/>.</summary>
    /// <param name="target">The department forwarded to.</param>
    public bool MayForwardTo(DepartmentId target) => target != Id && (ForwardTargets.IsEmpty || ForwardTargets.Contains(target));

    /// <inheritdoc />
    public Department WithVersion(long version) => this with { Version = version };
}
