using NodaTime;
using Omnichannel.Conversations;

namespace Omnichannel.Notifications;

/// <summary>
/// A contact's first message arrived outside its department's business hours and the conversation was queued anyway
/// (<see cref="Departments.OutsideHoursBehavior.Queue"/>): screens may tell the contact when the department opens.
/// </summary>
/// <param name="OccurredAt">When.</param>
/// <param name="Conversation">The conversation, as stored (<see cref="Conversation.ArrivedOutsideBusinessHours"/> is set).</param>
/// <remarks>Immutable and thread-safe, like every domain event.</remarks>
public sealed record ConversationQueuedOutsideHours(Instant OccurredAt, Conversation Conversation) : DomainEvent(OccurredAt);
