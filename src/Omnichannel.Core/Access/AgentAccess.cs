using System.Collections.Immutable;
using Omnichannel.Agents;
using Omnichannel.Conversations;
using Omnichannel.Operations;

namespace Omnichannel.Access;

/// <summary>
/// What one agent may see and do, resolved by <see cref="IAccessPolicy"/>: their permissions (from the role table) and their
/// scope, the departments whose conversations they see (their own; the departments of the units they supervise with
/// <see cref="AgentPermissions.SuperviseUnits"/>; every department with <see cref="AgentPermissions.AllDepartments"/>).
/// </summary>
/// <remarks>This type is immutable and thread-safe. It is a snapshot: resolve it again for the next operation.</remarks>
public sealed class AgentAccess
{
    /// <summary>Creates an access snapshot; <see cref="IAccessPolicy"/> builds them, a host's own policy may too.</summary>
    /// <param name="agent">The agent.</param>
    /// <param name="permissions">What they may do.</param>
    /// <param name="allDepartments">True when their scope is every department.</param>
    /// <param name="scopeDepartments">The departments of their scope (ignored when <paramref name="allDepartments"/>).</param>
    public AgentAccess(Agent agent, AgentPermissions permissions, bool allDepartments, ImmutableHashSet<DepartmentId> scopeDepartments)
    {
        ArgumentNullException.ThrowIfNull(agent);
        ArgumentNullException.ThrowIfNull(scopeDepartments);
        Agent = agent;
        Permissions = permissions;
        AllDepartments = allDepartments;
        ScopeDepartments = scopeDepartments;
    }

    /// <summary>The agent.</summary>
    public Agent Agent { get; }

    /// <summary>The agent's identifier.</summary>
    public AgentId Id => Agent.Id;

    /// <summary>What the agent may do.</summary>
    public AgentPermissions Permissions { get; }

    /// <summary>True when the scope is every department (administrators).</summary>
    public bool AllDepartments { get; }

    /// <summary>The departments of the scope: the agent's own and those of the units they supervise.</summary>
    public ImmutableHashSet<DepartmentId> ScopeDepartments { get; }

    /// <summary>True when the agent holds every permission in <paramref name="permissions"/>.</summary>
    /// <param name="permissions">The permissions required.</param>
    public bool Has(AgentPermissions permissions) => (Permissions & permissions) == permissions;

    /// <summary>True when <paramref name="department"/> is in the agent's scope.</summary>
    /// <param name="department">The department.</param>
    public bool InScope(DepartmentId department) => AllDepartments || ScopeDepartments.Contains(department);

    /// <summary>True when the agent may act on conversations of <paramref name="department"/> that someone else serves.</summary>
    /// <param name="department">The department.</param>
    public bool Supervises(DepartmentId department) => Has(AgentPermissions.ActOnOthersConversations) && InScope(department);

    /// <summary>
    /// True when the agent may see the conversation: it is in their scope, or they serve it, served it, or were invited to it.
    /// </summary>
    /// <param name="conversation">The conversation.</param>
    public bool CanSee(Conversation conversation)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        return InScope(conversation.DepartmentId) || IsInvolved(conversation);
    }

    /// <summary>True when the agent serves the conversation, served it before, or was invited to it.</summary>
    /// <param name="conversation">The conversation.</param>
    public bool IsInvolved(Conversation conversation)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        return conversation.Involves(Id) || conversation.PreviousAgentId == Id || conversation.ServedBy.Contains(Id);
    }

    /// <summary>Null when the agent may see the conversation (<see cref="CanSee"/>), else the refusal.</summary>
    /// <param name="conversation">The conversation.</param>
    /// <returns>The refusal, or null.</returns>
    public OperationError? RequireSee(Conversation conversation) =>
        CanSee(conversation) ? null
            : new(OperationErrorCode.NotDepartmentMember,
                $"Agent '{Id}' does not belong to department '{conversation.DepartmentId}' of conversation '{conversation.Id}' and cannot see it: it is outside their departments and units, and they neither serve it, served it, nor were invited to it.");

    /// <summary>
    /// Null when the agent may act on the conversation: they serve it, or supervise its department
    /// (<see cref="Supervises"/>), or (when <paramref name="allowParticipants"/>) were invited to it; else the refusal.
    /// </summary>
    /// <param name="conversation">The conversation.</param>
    /// <param name="purpose">What they try to do, for the message ("close it").</param>
    /// <param name="allowParticipants">Whether invited participants may do it too.</param>
    /// <returns>The refusal, or null.</returns>
    public OperationError? RequireActOn(Conversation conversation, string purpose, bool allowParticipants = false)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        if (conversation.ServingAgentId == Id || Supervises(conversation.DepartmentId)
            || (allowParticipants && conversation.Participants.Contains(Id)))
        {
            return null;
        }

        var servedBy = conversation.ServingAgentId is { } serving ? $"served by agent '{serving}'" : "not served by anyone";
        return new(OperationErrorCode.NotServingAgent,
            $"Agent '{Id}' cannot {purpose} {(purpose == "act" ? "on" : "in")} conversation '{conversation.Id}': it is {servedBy}, and they do not manage department '{conversation.DepartmentId}' (nor supervise it: ActOnOthersConversations in their scope).");
    }

    /// <summary>Null when the agent belongs to the conversation's department (taking needs membership, not just scope); else the refusal.</summary>
    /// <param name="conversation">The conversation.</param>
    /// <returns>The refusal, or null.</returns>
    public OperationError? RequireMember(Conversation conversation)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        return Agent.Departments.Contains(conversation.DepartmentId) ? null
            : new(OperationErrorCode.NotDepartmentMember, $"Agent '{Id}' does not belong to department '{conversation.DepartmentId}' of conversation '{conversation.Id}'.");
    }
}
