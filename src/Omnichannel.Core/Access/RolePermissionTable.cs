using Omnichannel.Agents;

namespace Omnichannel.Access;

/// <summary>
/// The one table mapping roles to permissions (<c>OmnichannelOptions.RolePermissions</c>). It starts with the built-in
/// roles and their defaults (<see cref="Agent"/>, <see cref="Monitor"/>, <see cref="Manager"/>, <see cref="Administrator"/>);
/// a host changes a role's permissions or adds its own roles (given to agents with <see cref="Agents.Agent.CustomRoles"/>).
/// An agent holds the union of the permissions of all their roles, unless <see cref="Agents.Agent.Permissions"/> replaces them.
/// </summary>
/// <remarks>
/// Configure it at start-up (it is options); once the services run, read it only. Reads from several threads are safe
/// while nobody writes.
/// </remarks>
public sealed class RolePermissionTable
{
    /// <summary>The built-in Agent role's name.</summary>
    public const string Agent = nameof(AgentRoles.Agent);

    /// <summary>The built-in Monitor role's name.</summary>
    public const string Monitor = nameof(AgentRoles.Monitor);

    /// <summary>The built-in Manager role's name.</summary>
    public const string Manager = nameof(AgentRoles.Manager);

    /// <summary>The built-in Administrator role's name.</summary>
    public const string Administrator = nameof(AgentRoles.Administrator);

    private readonly Dictionary<string, AgentPermissions> _roles = new(StringComparer.Ordinal)
    {
        [Agent] = AgentPermissions.DefaultAgent,
        [Monitor] = AgentPermissions.DefaultMonitor,
        [Manager] = AgentPermissions.DefaultManager,
        [Administrator] = AgentPermissions.DefaultAdministrator,
    };

    /// <summary>The roles and their permissions, by name (compared ordinally).</summary>
    public IReadOnlyDictionary<string, AgentPermissions> Roles => _roles;

    /// <summary>A role's permissions; setting one adds the role or replaces its permissions.</summary>
    /// <param name="role">The role's name: not blank.</param>
    /// <returns>The role's permissions; <see cref="AgentPermissions.None"/> for a role not in the table.</returns>
    public AgentPermissions this[string role]
    {
        get => _roles.GetValueOrDefault(role);
        set
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(role);
            _roles[role] = value;
        }
    }

    /// <summary>What <paramref name="agent"/> may do: their explicit permissions, or the union of their roles' (none when deactivated).</summary>
    /// <param name="agent">The agent.</param>
    /// <returns>The permissions.</returns>
    public AgentPermissions PermissionsOf(Agents.Agent agent)
    {
        ArgumentNullException.ThrowIfNull(agent);
        if (agent.Deactivated)
        {
            return AgentPermissions.None;
        }

        if (agent.Permissions is { } explicitPermissions)
        {
            return explicitPermissions;
        }

        // Asked on every operation: no enumerator, only the lookups of the roles the agent holds.
        var roles = agent.Roles;
        var granted = ((roles & AgentRoles.Agent) != 0 ? this[Agent] : AgentPermissions.None)
            | ((roles & AgentRoles.Monitor) != 0 ? this[Monitor] : AgentPermissions.None)
            | ((roles & AgentRoles.Manager) != 0 ? this[Manager] : AgentPermissions.None)
            | ((roles & AgentRoles.Administrator) != 0 ? this[Administrator] : AgentPermissions.None);

        // An immutable hash set's enumerator costs even when empty: most agents hold no custom role.
        if (!agent.CustomRoles.IsEmpty)
        {
            foreach (var role in agent.CustomRoles)
            {
                granted |= role is null ? AgentPermissions.None : this[role];
            }
        }

        return granted;
    }

    /// <summary>The permissions of the built-in roles an agent holds, with the built-in defaults (for code without options).</summary>
    internal static AgentPermissions BuiltInPermissions(Agents.Agent agent)
    {
        var roles = agent.Roles;
        return ((roles & AgentRoles.Agent) != 0 ? AgentPermissions.DefaultAgent : AgentPermissions.None)
            | ((roles & AgentRoles.Monitor) != 0 ? AgentPermissions.DefaultMonitor : AgentPermissions.None)
            | ((roles & AgentRoles.Manager) != 0 ? AgentPermissions.DefaultManager : AgentPermissions.None)
            | ((roles & AgentRoles.Administrator) != 0 ? AgentPermissions.DefaultAdministrator : AgentPermissions.None);
    }
}
