using NodaTime;
using Omnichannel.Agents;

namespace Omnichannel.Notifications;

/// <summary>An agent was registered or changed (departments, limits, roles, skills, ...). Status changes also raise <see cref="AgentStatusChanged"/>.</summary>
/// <param name="OccurredAt">When.</param>
/// <param name="Agent">The agent, as stored.</param>
/// <param name="Previous">The agent before the change; null when just registered.</param>
/// <remarks>Immutable and thread-safe, like every domain event.</remarks>
public sealed record AgentUpdated(Instant OccurredAt, Agent Agent, Agent? Previous) : DomainEvent(OccurredAt);
