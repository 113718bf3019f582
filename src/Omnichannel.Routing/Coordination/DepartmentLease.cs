using NodaTime;

namespace Omnichannel.Routing.Coordination;

/// <summary>A process's right to dispatch one department's queue until <paramref name="ExpiresAt"/>, unless renewed.</summary>
/// <param name="DepartmentId">The department.</param>
/// <param name="Holder">The router instance holding it.</param>
/// <param name="ExpiresAt">When it lapses without renewal.</param>
/// <remarks>This type is immutable and thread-safe.</remarks>
public sealed record DepartmentLease(DepartmentId DepartmentId, string Holder, Instant ExpiresAt);
