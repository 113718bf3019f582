using NodaTime;
using Omnichannel.Agents;

namespace Omnichannel.Notifications;

/// <summary>An agent's status changed (for example Away to Available).</summary>
/// <param name="OccurredAt">When.</param>
/// <param name="Agent">The agent, as stored after the change.</param>
/// <param name="Previous">The status before.</param>
/// <remarks>Immutable and thread-safe, like every domain event.</remarks>
public sealed record AgentStatusChanged(Instant OccurredAt, Agent Agent, AgentStatus Previous) : DomainEvent(OccurredAt);
