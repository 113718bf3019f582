using System.Collections.Immutable;
using NodaTime;
using Omnichannel.Conversations;

namespace Omnichannel.Notifications;

/// <summary>
/// A conversation entered a department's queue (a first message, a return to the queue, a forward to a
/// department, a resume the agent could not take). Play the pop-up sound for <paramref name="AgentsToAlert"/>.
/// </summary>
/// <param name="OccurredAt">When it was queued.</param>
/// <param name="Conversation">The conversation, as stored.</param>
/// <param name="AgentsToAlert">The department's agents who could take it now (available, permitted, under capacity), ordered by id.</param>
/// <remarks>Immutable and thread-safe, like every domain event.</remarks>
public sealed record ConversationQueued(Instant OccurredAt, Conversation Conversation, ImmutableArray<AgentId> AgentsToAlert)
    : DomainEvent(OccurredAt);
