using NodaTime;

namespace Omnichannel.Notifications;

/// <summary>Something that happened, for the host to push to agents' screens (and for routing to react to).</summary>
/// <param name="OccurredAt">When it happened, by the library's clock.</param>
/// <remarks>Domain events are immutable and thread-safe.</remarks>
public abstract record DomainEvent(Instant OccurredAt);
