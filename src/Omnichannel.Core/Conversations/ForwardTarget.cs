namespace Omnichannel.Conversations;

/// <summary>
/// Where a conversation is forwarded: an agent, a department's queue, or a named agent of a department (the guide's form:
/// the agent must belong to that department, and the conversation moves there).
/// </summary>
/// <remarks>This type is an immutable value and is thread-safe.</remarks>
public readonly record struct ForwardTarget
{
    private ForwardTarget(AgentId? agent, DepartmentId? department)
    {
        AgentId = agent;
        DepartmentId = department;
    }

    /// <summary>The target agent, when forwarding to an agent.</summary>
    public AgentId? AgentId { get; }

    /// <summary>The target department, when forwarding to a department or to a named agent of a department.</summary>
    public DepartmentId? DepartmentId { get; }

    /// <summary>A forward to an agent.</summary>
    /// <param name="agent">The target agent.</param>
    /// <exception cref="ArgumentException"><paramref name="agent"/> is <c>default(AgentId)</c>.</exception>
    public static ForwardTarget ToAgent(AgentId agent)
    {
        Validation.Require.Id(agent);
        return new(agent, null);
    }

    /// <summary>A forward to a department's queue.</summary>
    /// <param name="department">The target department.</param>
    /// <exception cref="ArgumentException"><paramref name="department"/> is <c>default(DepartmentId)</c>.</exception>
    public static ForwardTarget ToDepartment(DepartmentId department)
    {
        Validation.Require.Id(department);
        return new(null, department);
    }

    /// <summary>A forward to <paramref name="agent"/>, who must belong to <paramref name="department"/>; the conversation moves to that department.</summary>
    /// <param name="agent">The target agent.</param>
    /// <param name="department">The department the agent serves it in.</param>
    /// <exception cref="ArgumentException"><paramref name="agent"/> or <paramref name="department"/> is a default identifier.</exception>
    public static ForwardTarget ToAgentInDepartment(AgentId agent, DepartmentId department)
    {
        Validation.Require.Id(agent);
        Validation.Require.Id(department);
        return new(agent, department);
    }

    /// <summary>"agent X", "department Y" or "agent X in department Y", for messages.</summary>
    public override string ToString() => (AgentId, DepartmentId) switch
    {
        ({ } a, { } d) => $"agent '{a}' in department '{d}'",
        ({ } a, null) => $"agent '{a}'",
        _ => $"department '{DepartmentId}'",
    };
}
