namespace Omnichannel.Agents;

/// <summary>An agent's availability for new conversations.</summary>
public enum AgentStatus
{
    /// <summary>Logged out or disconnected: gets nothing, and conversations are not left waiting on them.</summary>
    Offline = 0,

    /// <summary>Logged in but not taking new conversations (busy, on a break).</summary>
    Away = 1,

    /// <summary>Ready to take or be assigned conversations.</summary>
    Available = 2,
}
