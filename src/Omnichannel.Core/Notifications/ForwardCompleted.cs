using NodaTime;
using Omnichannel.Conversations;

namespace Omnichannel.Notifications;

/// <summary>A forward ended, successfully or not: show the forwarding agent the brief notification.</summary>
/// <param name="OccurredAt">When.</param>
/// <param name="Result">The outcome, with the reason when it failed.</param>
/// <remarks>Immutable and thread-safe, like every domain event.</remarks>
public sealed record ForwardCompleted(Instant OccurredAt, ForwardResult Result) : DomainEvent(OccurredAt);
