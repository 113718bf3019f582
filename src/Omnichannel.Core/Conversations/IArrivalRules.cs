namespace Omnichannel.Conversations;

/// <summary>
/// The host's rules for a new conversation's priority and service level (a VIP contact, a channel, keywords in the first
/// message), consulted once when a contact's first message creates a conversation, before it is queued: a system rule, so
/// no manager needs to act. Register one in the service collection; none by default. The names returned must be among
/// <c>OmnichannelOptions.Priorities</c> and <c>OmnichannelOptions.ServiceLevelPolicies</c>; an unknown name is logged and
/// ignored, and a rule that throws leaves the conversation without priority (the contact's message is never lost).
/// </summary>
/// <remarks>Implementations must be thread-safe: arrivals call them concurrently.</remarks>
public interface IArrivalRules
{
    /// <summary>Classifies an arrival.</summary>
    /// <param name="arrival">The contact, department, channel and first message.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The priority and service level; <see cref="ArrivalClassification.None"/> for neither.</returns>
    ValueTask<ArrivalClassification> ClassifyAsync(ConversationArrival arrival, CancellationToken cancellationToken);
}
