namespace Omnichannel.WebHost.Realtime;

/// <summary>The SignalR groups events are sent to. Membership is decided on the server only (see <see cref="ConsoleHub"/>).</summary>
public static class HubGroups
{
    /// <summary>Every connection of one signed-in agent.</summary>
    public static string Agent(AgentId agent) => $"agent:{agent}";

    /// <summary>Every connection of the agents who belong to a department.</summary>
    public static string Department(DepartmentId department) => $"department:{department}";

    /// <summary>The visitor's connections for one conversation (joined by presenting the conversation's token).</summary>
    public static string Visitor(ConversationId conversation) => $"visitor:{conversation}";
}
