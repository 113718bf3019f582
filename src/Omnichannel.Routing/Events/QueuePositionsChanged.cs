using System.Collections.Immutable;
using NodaTime;
using Omnichannel.Notifications;
using Omnichannel.Routing.Queues;

namespace Omnichannel.Routing.Events;

/// <summary>The queue of a department changed: every queued conversation's position and estimated wait, in one batch.</summary>
/// <param name="OccurredAt">When.</param>
/// <param name="DepartmentId">The department.</param>
/// <param name="Positions">Every queued conversation, in queue order.</param>
/// <remarks>Immutable and thread-safe, like every domain event.</remarks>
public sealed record QueuePositionsChanged(Instant OccurredAt, DepartmentId DepartmentId, ImmutableArray<QueuePosition> Positions) : DomainEvent(OccurredAt);
