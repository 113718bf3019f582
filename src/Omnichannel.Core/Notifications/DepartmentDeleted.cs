using NodaTime;
using Omnichannel.Departments;

namespace Omnichannel.Notifications;

/// <summary>A department was deleted (<see cref="IDepartmentService.DeleteAsync"/>).</summary>
/// <param name="OccurredAt">When.</param>
/// <param name="Department">The department as it was last stored.</param>
/// <param name="MembersRemoved">The agents whose membership of it was removed.</param>
/// <param name="DepartmentsChanged">The departments that named it as their fallback or among their forward targets, and no longer do.</param>
/// <remarks>Immutable and thread-safe, like every domain event.</remarks>
public sealed record DepartmentDeleted(Instant OccurredAt, Department Department, IReadOnlyList<AgentId> MembersRemoved, IReadOnlyList<DepartmentId> DepartmentsChanged) : DomainEvent(OccurredAt);
