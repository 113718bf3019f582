namespace Omnichannel.Agents;

/// <summary>The omnichannel roles a user holds. A user with neither role is not an omnichannel agent.</summary>
[Flags]
public enum AgentRoles
{
    /// <summary>No omnichannel role: such a user cannot serve or be invited to conversations.</summary>
    None = 0,

    /// <summary>Serves conversations of the departments they belong to.</summary>
    Agent = 1,

    /// <summary>Sees and acts on every conversation of the departments they belong to.</summary>
    Manager = 2,
}
