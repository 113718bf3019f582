using Omnichannel.Agents;
using Omnichannel.Conversations;
using Omnichannel.Operations;

namespace Omnichannel.Workspace;

/// <summary>The access rules the agent's workspace features share (canned responses, search, contacts, calls).</summary>
internal static class WorkspaceAccess
{
    public static OperationError ConversationNotFound(ConversationId id) =>
        new(OperationErrorCode.NotFound, $"Conversation '{id}' does not exist.");

    public static OperationError AgentNotFound(AgentId id) =>
        new(OperationErrorCode.NotFound, $"Agent '{id}' does not exist.");

    /// <summary>The agent holds an omnichannel role and <paramref name="permission"/> (None for no permission).</summary>
    public static OperationError? RequireOmnichannelAgent(Agent agent, AgentPermissions permission, string purpose)
    {
        if (!agent.IsOmnichannelAgent)
        {
            return new(OperationErrorCode.NotPermitted, $"User '{agent.Username}' ({agent.Id}) is not an omnichannel agent or manager and cannot {purpose}.");
        }

        return agent.Has(permission) ? null
            : new(OperationErrorCode.NotPermitted, $"Agent '{agent.Id}' lacks the {permission} permission needed to {purpose}.");
    }

    /// <summary>
    /// The agent may see the conversation: it belongs to one of their departments (department isolation), or they
    /// serve it or were invited to it.
    /// </summary>
    public static OperationError? RequireMayView(Agent agent, Conversation conversation) =>
        agent.Departments.Contains(conversation.DepartmentId) || conversation.Involves(agent.Id) ? null
            : new(OperationErrorCode.NotDepartmentMember,
                $"Agent '{agent.Id}' cannot see conversation '{conversation.Id}': it belongs to department '{conversation.DepartmentId}', which they are not a member of, and they are not in it.");

    /// <summary>The agent serves the conversation, was invited to it, or manages its department.</summary>
    public static OperationError? RequireInvolved(Agent agent, Conversation conversation, string purpose)
    {
        if (conversation.Involves(agent.Id) || agent.Manages(conversation.DepartmentId))
        {
            return null;
        }

        var servedBy = conversation.ServingAgentId is { } serving ? $"served by agent '{serving}'" : "not served by anyone";
        return new(OperationErrorCode.NotServingAgent,
            $"Agent '{agent.Id}' cannot {purpose} in conversation '{conversation.Id}': it is {servedBy}, they were not invited, and they do not manage department '{conversation.DepartmentId}'.");
    }
}
