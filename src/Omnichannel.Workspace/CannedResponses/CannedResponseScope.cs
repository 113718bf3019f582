namespace Omnichannel.Workspace.CannedResponses;

/// <summary>Who may use a canned response.</summary>
public enum CannedResponseScope
{
    /// <summary>Every agent. Created by managers or by the host.</summary>
    Public = 0,

    /// <summary>The agents of one department. Created by its members who hold <see cref="Agents.AgentPermissions.ManageDepartmentCannedResponses"/>.</summary>
    Department = 1,

    /// <summary>Only the agent who owns it.</summary>
    Private = 2,
}
