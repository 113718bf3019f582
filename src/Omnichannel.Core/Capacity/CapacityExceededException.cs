namespace Omnichannel.Capacity;

/// <summary>
/// A write carrying a <see cref="CapacityClaim"/> was refused because the agent would serve more conversations
/// than the claim allows. Nothing was written.
/// </summary>
/// <remarks>Instances are not shared between threads by the library.</remarks>
public sealed class CapacityExceededException : Exception
{
    /// <summary>Creates the exception for a refused claim.</summary>
    /// <param name="claim">The claim that could not be met.</param>
    /// <param name="agentLoad">The agent's counted conversations in all departments before the write.</param>
    /// <param name="departmentLoad">The agent's counted conversations in the claim's department before the write.</param>
    public CapacityExceededException(CapacityClaim claim, int agentLoad, int departmentLoad)
        : this(claim, agentLoad, departmentLoad, channelLoad: 0)
    {
    }

    /// <summary>Creates the exception for a refused claim, with the agent's load in the claim's channel.</summary>
    /// <param name="claim">The claim that could not be met.</param>
    /// <param name="agentLoad">The agent's counted conversations in all departments before the write.</param>
    /// <param name="departmentLoad">The agent's counted conversations in the claim's department before the write.</param>
    /// <param name="channelLoad">The agent's counted conversations in the claim's channel before the write.</param>
    public CapacityExceededException(CapacityClaim claim, int agentLoad, int departmentLoad, int channelLoad)
        : base(Describe(claim, agentLoad, departmentLoad, channelLoad))
    {
        Claim = claim;
        AgentLoad = agentLoad;
        DepartmentLoad = departmentLoad;
        ChannelLoad = channelLoad;
    }

    /// <summary>Creates the exception.</summary>
    public CapacityExceededException()
        : base("The agent is at capacity.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public CapacityExceededException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public CapacityExceededException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The claim that could not be met.</summary>
    public CapacityClaim? Claim { get; }

    /// <summary>The agent's counted conversations in all departments before the write.</summary>
    public int AgentLoad { get; }

    /// <summary>The agent's counted conversations in the claim's department before the write.</summary>
    public int DepartmentLoad { get; }

    /// <summary>The agent's counted conversations in the claim's channel before the write.</summary>
    public int ChannelLoad { get; }

    private static string Describe(CapacityClaim claim, int agentLoad, int departmentLoad, int channelLoad) =>
        agentLoad >= claim.AgentLimit && claim.AgentLimit > 0
            ? $"Agent '{claim.AgentId}' already serves {agentLoad} conversation(s), their limit of {claim.AgentLimit}."
            : departmentLoad >= claim.DepartmentLimit && claim.DepartmentLimit > 0
                ? $"Agent '{claim.AgentId}' already serves {departmentLoad} conversation(s) of department '{claim.DepartmentId}', its limit of {claim.DepartmentLimit} per agent."
                : $"Agent '{claim.AgentId}' already serves {channelLoad} '{claim.Channel}' conversation(s), their limit of {claim.ChannelLimit} for that channel.";
}
