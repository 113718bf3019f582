using NodaTime;
using Omnichannel.Conversations;
using Omnichannel.Lifecycle;

namespace Omnichannel.Notifications;

/// <summary>A conversation moved from one lifecycle state to another (raised for every transition).</summary>
/// <param name="OccurredAt">When.</param>
/// <param name="Conversation">The conversation after the transition, as stored.</param>
/// <param name="From">The state before.</param>
/// <param name="Trigger">What moved it.</param>
/// <param name="Actor">Who moved it.</param>
/// <remarks>Immutable and thread-safe, like every domain event.</remarks>
public sealed record ConversationStateChanged(Instant OccurredAt, Conversation Conversation, ConversationState From, ConversationTrigger Trigger, Actor Actor)
    : DomainEvent(OccurredAt)
{
    /// <summary>The state after the transition.</summary>
    public ConversationState To => Conversation.State;
}
