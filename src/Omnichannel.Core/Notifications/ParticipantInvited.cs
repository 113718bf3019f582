using NodaTime;
using Omnichannel.Conversations;

namespace Omnichannel.Notifications;

/// <summary>An agent or manager was added to a conversation with <c>/invite</c>.</summary>
/// <param name="OccurredAt">When.</param>
/// <param name="Conversation">The conversation, as stored.</param>
/// <param name="InvitedBy">Who invited.</param>
/// <param name="Participant">Who was added.</param>
/// <remarks>Immutable and thread-safe, like every domain event.</remarks>
public sealed record ParticipantInvited(Instant OccurredAt, Conversation Conversation, AgentId InvitedBy, AgentId Participant) : DomainEvent(OccurredAt);
