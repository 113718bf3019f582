using Omnichannel.Conversations;
using Omnichannel.Operations;

namespace Omnichannel.Agents;

/// <summary>
/// Who may see and act on what: the access rules shared by Core's services and the agent's workspace (canned
/// responses, search, contacts, calls). Each check answers the refusal to return, or null when access is granted, so
/// every package refuses with the same code and message.
/// </summary>
/// <remarks>Stateless and thread-safe: pure functions of their arguments.</remarks>
public static class AgentAccess
{
    /// <summary>The refusal for a conversation that does not exist.</summary>
    /// <param name="id">The conversation asked for.</param>
    /// <returns>A <see cref="OperationErrorCode.NotFound"/> error naming the conversation.</returns>
    public static OperationError ConversationNotFound(ConversationId id) =>
        new(OperationErrorCode.NotFound, $"Conversation '{id}' does not exist.");

    /// <summary>The refusal for an agent that does not exist.</summary>
    /// <param name="id">The agent asked for.</param>
    /// <returns>A <see cref="OperationErrorCode.NotFound"/> error naming the agent.</returns>
    public static OperationError AgentNotFound(AgentId id) =>
        new(OperationErrorCode.NotFound, $"Agent '{id}' does not exist.");

    /// <summary>The agent holds an omnichannel role and <paramref name="permission"/> (<see cref="AgentPermissions.None"/> for no permission).</summary>
    /// <param name="agent">The acting agent.</param>
    /// <param name="permission">The permission the action needs.</param>
    /// <param name="purpose">What the agent tries to do, for the message ("edit the contact").</param>
    /// <returns>Null when permitted, else a <see cref="OperationErrorCode.NotPermitted"/> error.</returns>
    public static OperationError? RequireOmnichannelAgent(Agent agent, AgentPermissions permission, string purpose)
    {
        ArgumentNullException.ThrowIfNull(agent);
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
    /// <param name="agent">The agent who wants to see it.</param>
    /// <param name="conversation">The conversation.</param>
    /// <returns>Null when visible, else a <see cref="OperationErrorCode.NotDepartmentMember"/> error.</returns>
    public static OperationError? RequireMayView(Agent agent, Conversation conversation)
    {
        ArgumentNullException.ThrowIfNull(agent);
        ArgumentNullException.ThrowIfNull(conversation);
        return agent.Departments.Contains(conversation.DepartmentId) || conversation.Involves(agent.Id) ? null
            : new(OperationErrorCode.NotDepartmentMember,
                $"Agent '{agent.Id}' cannot see conversation '{conversation.Id}': it belongs to department '{conversation.DepartmentId}', which they are not a member of, and they are not in it.");
    }

    /// <summary>The agent serves the conversation, was invited to it, or manages its department.</summary>
    /// <param name="agent">The acting agent.</param>
    /// <param name="conversation">The conversation.</param>
    /// <param name="purpose">What the agent tries to do, for the message ("place a call").</param>
    /// <returns>Null when involved, else a <see cref="OperationErrorCode.NotServingAgent"/> error.</returns>
    public static OperationError? RequireInvolved(Agent agent, Conversation conversation, string purpose)
    {
        ArgumentNullException.ThrowIfNull(agent);
        ArgumentNullException.ThrowIfNull(conversation);
        if (conversation.Involves(agent.Id) || agent.Manages(conversation.DepartmentId))
        {
            return null;
        }

        var servedBy = conversation.ServingAgentId is { } serving ? $"served by agent '{serving}'" : "not served by anyone";
        return new(OperationErrorCode.NotServingAgent,
            $"Agent '{agent.Id}' cannot {purpose} in conversation '{conversation.Id}': it is {servedBy}, they were not invited, and they do not manage department '{conversation.DepartmentId}'.");
    }
}
