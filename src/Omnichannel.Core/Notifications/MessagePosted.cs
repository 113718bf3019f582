using NodaTime;
using Omnichannel.Conversations;

namespace Omnichannel.Notifications;

/// <summary>A message was added to a conversation.</summary>
/// <param name="OccurredAt">When.</param>
/// <param name="Conversation">The conversation with the message, as stored.</param>
/// <param name="Message">The new message.</param>
/// <remarks>Immutable and thread-safe, like every domain event.</remarks>
public sealed record MessagePosted(Instant OccurredAt, Conversation Conversation, Message Message) : DomainEvent(OccurredAt);
