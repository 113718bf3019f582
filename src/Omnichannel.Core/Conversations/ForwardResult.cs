namespace Omnichannel.Conversations;

/// <summary>How a forward ended. On failure the conversation is back with the forwarding agent.</summary>
/// <param name="Conversation">The conversation after the forward, as stored.</param>
/// <param name="Target">Where it was forwarded.</param>
/// <param name="FailureReason">Why it failed, or null when it succeeded.</param>
/// <param name="Message">The notification text for the forwarding agent.</param>
/// <remarks>This type is immutable and thread-safe.</remarks>
public sealed record ForwardResult(Conversation Conversation, ForwardTarget Target, ForwardFailureReason? FailureReason, string Message)
{
    /// <summary>True when the target got the conversation.</summary>
    public bool Succeeded => FailureReason is null;
}
