using NodaTime;

namespace Omnichannel.Conversations;

/// <summary>One entry of a conversation's transfer history: a forward, successful or not.</summary>
/// <param name="FromAgentId">The forwarding agent.</param>
/// <param name="FromDepartmentId">The department the conversation was in.</param>
/// <param name="Target">Where it was forwarded.</param>
/// <param name="Comment">The forwarding agent's comment; optional.</param>
/// <param name="At">When the forward ended.</param>
/// <param name="FailureReason">Why it failed, or null when it succeeded.</param>
/// <remarks>This type is immutable and thread-safe.</remarks>
public sealed record TransferRecord(
    AgentId FromAgentId,
    DepartmentId FromDepartmentId,
    ForwardTarget Target,
    string? Comment,
    Instant At,
    ForwardFailureReason? FailureReason)
{
    /// <summary>The forwarding agent.</summary>
    /// <exception cref="ArgumentException">Set to <c>default(AgentId)</c>, which names no agent.</exception>
    public AgentId FromAgentId { get; init => field = AgentReferences.NotDefault(value, "TransferRecord.FromAgentId"); } = AgentReferences.NotDefault(FromAgentId, "TransferRecord.FromAgentId");
}
