namespace Omnichannel.Conversations;

/// <summary>Where a conversation is forwarded: an agent or a department (exactly one is set).</summary>
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

    /// <summary>The target department, when forwarding to a department.</summary>
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

    /// <summary>"agent X" or "department Y", for messages.</summary>
    public override string ToString() => AgentId is { } a ? $"agent '{a}'" : $"department '{DepartmentId}'";
}
