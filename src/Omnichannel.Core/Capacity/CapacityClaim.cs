using Omnichannel.Agents;
using Omnichannel.Departments;

namespace Omnichannel.Capacity;

/// <summary>
/// The capacity rule, defined once: <see cref="For"/> says which limits apply to an agent serving a conversation, and
/// <see cref="HasRoom(AgentLoad)"/> whether a load leaves room under them. The stores' atomic claim, the alert list of
/// <see cref="Notifications.ConversationQueued"/>, routing and its wait estimates all use it.
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

    /// <summary>True when <paramref name="load"/> leaves room for one more conversation under every limit of the claim.</summary>
    /// <param name="load">The agent's counted conversations, not including the one being written.</param>
    public bool HasRoom(AgentLoad load) => HasRoom(load.Overall, load.InDepartment, load.InChannel);

    /// <summary>
    /// The most conversations the claim lets the agent serve at once (the tightest of the limits that apply), or null when
    /// none applies. Wait estimates count it as the agent's serving slots.
    /// </summary>
    public int? TightestLimit
    {
        get
        {
            int? tightest = null;
            foreach (var limit in (ReadOnlySpan<int>)[AgentLimit, DepartmentLimit, Channel is null ? 0 : ChannelLimit])
            {
                if (limit > 0 && (tightest is null || limit < tightest))
                {
                    tightest = limit;
                }
            }

            return tightest;
        }
    }

    /// <summary>
    /// The claim that makes <paramref name="agent"/> serve a conversation of <paramref name="channel"/> in
    /// <paramref name="departmentId"/>: the agent's own limit, the department's per-agent limit and the agent's limit for
    /// the channel (a channel they have no positive limit for adds none).
    /// </summary>
    /// <param name="agent">The agent.</param>
    /// <param name="departmentId">The conversation's department.</param>
    /// <param name="department">That department as stored, for its limit; null when unknown (no department limit).</param>
    /// <param name="channel">The conversation's channel; null to leave channel limits out (a question about any channel).</param>
    /// <param name="countOnHold">Whether on-hold conversations count (<c>OmnichannelOptions.CountOnHoldTowardCapacity</c>).</param>
    /// <returns>The claim.</returns>
    public static CapacityClaim For(Agent agent, DepartmentId departmentId, Department? department, string? channel, bool countOnHold)
    {
        ArgumentNullException.ThrowIfNull(agent);
        var channelLimit = channel is not null && agent.ChannelCapacity.TryGetValue(channel, out var limit) && limit > 0 ? limit : 0;
        return new CapacityClaim(agent.Id, departmentId, agent.MaxSimultaneousConversations, department?.MaxChatsPerAgent ?? 0, countOnHold)
        {
            Channel = channelLimit > 0 ? channel : null,
            ChannelLimit = channelLimit,
        };
    }
}
