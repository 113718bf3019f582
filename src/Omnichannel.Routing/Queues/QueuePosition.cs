using NodaTime;

namespace Omnichannel.Routing.Queues;

/// <summary>Where a queued conversation stands, for the contact ("you are number 3, about 4 minutes").</summary>
/// <param name="ConversationId">The conversation.</param>
/// <param name="Position">1 for the next to be served.</param>
/// <param name="EstimatedWait">The estimated wait (method in docs/routing.md).</param>
/// <remarks>This type is an immutable value and is thread-safe.</remarks>
public readonly record struct QueuePosition(ConversationId ConversationId, int Position, Duration EstimatedWait);
