using NodaTime;

namespace Omnichannel.Conversations;

/// <summary>The forward a <see cref="ConversationState.Forwarded"/> conversation is waiting on.</summary>
/// <param name="Target">Where it goes.</param>
/// <param name="FromAgentId">The forwarding agent, who gets the conversation back if the forward fails.</param>
/// <param name="Comment">The forwarding agent's comment for the target; optional.</param>
/// <param name="RequestedAt">When the forward was requested.</param>
/// <remarks>This type is immutable and thread-safe.</remarks>
public sealed record PendingForward(ForwardTarget Target, AgentId FromAgentId, string? Comment, Instant RequestedAt)
{
    /// <summary>The forwarding agent, who gets the conversation back if the forward fails.</summary>
    /// <exception cref="ArgumentException">Set to <c>default(AgentId)</c>, which names no agent.</exception>
    public AgentId FromAgentId { get; init => field = AgentReferences.NotDefault(value, "PendingForward.FromAgentId"); } = AgentReferences.NotDefault(FromAgentId, "PendingForward.FromAgentId");

    /// <summary>
    /// True when the conversation was queued (nobody served it) when it was forwarded, by a manager of its department:
    /// then <see cref="FromAgentId"/> is that manager, and a failed forward leaves the conversation in its queue instead of
    /// giving it to them. Default: false.
    /// </summary>
    public bool FromQueue { get; init; }
}
