using NodaTime;
using Omnichannel.Conversations;

namespace Omnichannel.Notifications;

/// <summary>A conversation's topic or priority was edited.</summary>
/// <param name="OccurredAt">When.</param>
/// <param name="Conversation">The conversation, as stored.</param>
/// <param name="EditedBy">Who edited it.</param>
/// <remarks>Immutable and thread-safe, like every domain event.</remarks>
public sealed record RoomInformationChanged(Instant OccurredAt, Conversation Conversation, AgentId EditedBy) : DomainEvent(OccurredAt);
