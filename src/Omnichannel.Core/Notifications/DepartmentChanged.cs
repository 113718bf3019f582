using NodaTime;
using Omnichannel.Departments;

namespace Omnichannel.Notifications;

/// <summary>A department was created or changed.</summary>
/// <param name="OccurredAt">When.</param>
/// <param name="Department">The department, as stored.</param>
/// <param name="Previous">The department before the change; null when just created.</param>
/// <remarks>Immutable and thread-safe, like every domain event.</remarks>
public sealed record DepartmentChanged(Instant OccurredAt, Department Department, Department? Previous) : DomainEvent(OccurredAt);
