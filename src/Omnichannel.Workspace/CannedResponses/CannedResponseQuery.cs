using Omnichannel.Agents;

namespace Omnichannel.Workspace.CannedResponses;

/// <summary>
/// Which canned responses to list: those of any included scope (public, the given departments, the given owner's
/// private ones) whose shortcut starts with <see cref="ShortcutPrefix"/>.
/// </summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
public sealed record CannedResponseQuery
{
    /// <summary>Include public responses.</summary>
    public bool IncludePublic { get; init; }

    /// <summary>Include the responses of these departments.</summary>
    public IReadOnlyCollection<DepartmentId> Departments { get; init; } = [];

    /// <summary>Include this agent's private responses; none when null.</summary>
    public AgentId? OwnerId { get; init; }

    /// <summary>Only shortcuts starting with this text, ignoring letter case (without the <c>!</c>); null or empty for all.</summary>
    public string? ShortcutPrefix { get; init; }

    /// <summary>What <paramref name="agent"/> may use: public, their departments' and their own, optionally filtered by a shortcut prefix.</summary>
    /// <param name="agent">The agent.</param>
    /// <param name="shortcutPrefix">The shortcut prefix typed so far; optional.</param>
    /// <returns>The query.</returns>
    public static CannedResponseQuery VisibleTo(Agent agent, string? shortcutPrefix = null)
    {
        ArgumentNullException.ThrowIfNull(agent);
        return new() { IncludePublic = true, Departments = agent.Departments, OwnerId = agent.Id, ShortcutPrefix = shortcutPrefix };
    }

    /// <summary>True when <paramref name="response"/> satisfies the query.</summary>
    /// <param name="response">The canned response.</param>
    public bool Matches(CannedResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var inScope = response.Scope switch
        {
            CannedResponseScope.Public => IncludePublic,
            CannedResponseScope.Department => response.DepartmentId is { } department && Departments.Contains(department),
            CannedResponseScope.Private => OwnerId is { } owner && response.OwnerId == owner,
            _ => false,
        };
        return inScope && (string.IsNullOrEmpty(ShortcutPrefix) || response.Shortcut.StartsWith(ShortcutPrefix, StringComparison.OrdinalIgnoreCase));
    }
}
