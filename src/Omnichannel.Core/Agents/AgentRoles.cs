namespace Omnichannel.Agents;

/// <summary>
/// The built-in omnichannel roles a user holds. What each role may do is configured in one table,
/// <see cref="Access.RolePermissionTable"/> (<c>OmnichannelOptions.RolePermissions</c>); a host adds its own roles there
/// and gives them with <see cref="Agent.CustomRoles"/>. A user with no role at all is not an omnichannel agent.
/// </summary>
[Flags]
public enum AgentRoles
{
    /// <summary>No built-in omnichannel role.</summary>
    None = 0,

    /// <summary>Serves conversations of the departments they belong to.</summary>
    Agent = 1,

    /// <summary>Sees and acts on every conversation of the departments they belong to.</summary>
    Manager = 2,

    /// <summary>Supervises units (<see cref="Agent.SupervisedUnits"/>): sees, joins, forwards and closes their conversations, and nothing outside them.</summary>
    Monitor = 4,

    /// <summary>Administers the contact center: every department, every permission (force close included).</summary>
    Administrator = 8,
}
