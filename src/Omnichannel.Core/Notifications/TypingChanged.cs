using NodaTime;
using Omnichannel.Conversations;

namespace Omnichannel.Notifications;

/// <summary>Someone started or stopped typing in a conversation (the typing indicator).</summary>
/// <param name="OccurredAt">When.</param>
/// <param name="ConversationId">The conversation.</param>
/// <param name="Actor">Who is typing: the contact or an agent.</param>
/// <param name="IsTyping">True when typing started, false when it stopped.</param>
/// <remarks>Immutable and thread-safe, like every domain event.</remarks>
public sealed record TypingChanged(Instant OccurredAt, ConversationId ConversationId, Actor Actor, bool IsTyping) : DomainEvent(OccurredAt);
