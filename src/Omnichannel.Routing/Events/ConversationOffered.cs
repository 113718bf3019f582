using NodaTime;
using Omnichannel.Notifications;

namespace Omnichannel.Routing.Events;

/// <summary>In offer mode, a queued conversation is offered to one agent, who accepts or declines before <paramref name="ExpiresAt"/>.</summary>
/// <param name="OccurredAt">When.</param>
/// <param name="ConversationId">The conversation.</param>
/// <param name="AgentId">The agent it is offered to.</param>
/// <param name="ExpiresAt">When the offer counts as declined.</param>
/// <remarks>Immutable and thread-safe, like every domain event.</remarks>
public sealed record ConversationOffered(Instant OccurredAt, ConversationId ConversationId, AgentId AgentId, Instant ExpiresAt) : DomainEvent(OccurredAt);
