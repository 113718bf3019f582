using System.Collections.Immutable;
using Omnichannel.Storage;

namespace Omnichannel.Tags;

/// <summary>
/// A managed tag, as the guide's administrators define them: offered to the departments it names, or to every department
/// when it names none (global). Agents choose tags at close and may edit a conversation's tags while it is open; when a
/// department has managed tags (and no closing-tag list of its own), only those are accepted. Save through <see cref="ITagService"/>.
/// </summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
public sealed record Tag : IVersioned<Tag>
{
    /// <summary>The tag's identifier.</summary>
    public required TagId Id { get; init; }

    /// <summary>The tag as agents choose it and conversations record it: one line, at most <c>OmnichannelOptions.MaxTagLength</c>.</summary>
    public required string Name { get; init; }

    /// <summary>What the tag means; optional.</summary>
    public string? Description { get; init; }

    /// <summary>The departments it is offered to; empty means every department (a global tag).</summary>
    public ImmutableHashSet<DepartmentId> Departments { get; init; } = [];

    /// <inheritdoc />
    public long Version { get; init; }

    /// <summary>True when the tag names no department.</summary>
    public bool IsGlobal => Departments.IsEmpty;

    /// <summary>True when it is offered to <paramref name="department"/>.</summary>
    /// <param name="department">The department.</param>
    /// <returns>True for a global tag or one that names the department.</returns>
    public bool IsOfferedTo(DepartmentId department) => Departments.IsEmpty || Departments.Contains(department);

    /// <inheritdoc />
    public Tag WithVersion(long version) => this with { Version = version };
}
