namespace Omnichannel.Storage;

/// <summary>
/// Part of a conversation write that makes an agent serve it: the store applies the write only if, counting it,
/// the agent serves at most <see cref="AgentLimit"/> conversations and at most <see cref="DepartmentLimit"/> of
/// <see cref="DepartmentId"/>. A SQL adapter checks this in the same transaction as the version check, after
/// locking the agent's row, so two processes can never both succeed past the limit (docs/architecture.md).
/// </summary>
/// <param name="AgentId">The agent who will serve the conversation.</param>
/// <param name="DepartmentId">The conversation's department.</param>
/// <param name="AgentLimit">The agent's limit over all departments; 0 for none.</param>
/// <param name="DepartmentLimit">The agent's limit within the department; 0 for none.</param>
/// <param name="CountOnHold">Whether on-hold conversations count toward the limits.</param>
/// <remarks>This type is an immutable value and is thread-safe.</remarks>
public readonly record struct CapacityClaim(AgentId AgentId, DepartmentId DepartmentId, int AgentLimit, int DepartmentLimit, bool CountOnHold)
{
    /// <summary>True when a load of <paramref name="agentLoad"/> overall and <paramref name="departmentLoad"/> in the department leaves room for one more.</summary>
    /// <param name="agentLoad">Counted conversations of the agent, not including the one being written.</param>
    /// <param name="departmentLoad">Counted conversations of the agent in the department, not including the one being written.</param>
    public bool HasRoom(int agentLoad, int departmentLoad) =>
        (AgentLimit <= 0 || agentLoad < AgentLimit) && (DepartmentLimit <= 0 || departmentLoad < DepartmentLimit);

    /// <summary>The conversation's channel, when the agent has a limit for it (<see cref="ChannelLimit"/>); null otherwise.</summary>
    public string? Channel { get; init; }

    /// <summary>The agent's limit within <see cref="Channel"/>; 0 for none.</summary>
    public int ChannelLimit { get; init; }

    /// <summary>True when, besides <see cref="HasRoom(int, int)"/>, a load of <paramref name="channelLoad"/> in the channel leaves room for one more.</summary>
    /// <param name="agentLoad">Counted conversations of the agent, not including the one being written.</param>
    /// <param name="departmentLoad">Counted conversations of the agent in the department, not including the one being written.</param>
    /// <param name="channelLoad">Counted conversations of the agent in <see cref="Channel"/>, not including the one being written.</param>
    public bool HasRoom(int agentLoad, int departmentLoad, int channelLoad) =>
        HasRoom(agentLoad, departmentLoad) && (Channel is null || ChannelLimit <= 0 || channelLoad < ChannelLimit);
}
