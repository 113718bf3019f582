using NodaTime;

namespace Omnichannel.Conversations;

/// <summary>A queued conversation's place in its department's queue, for the contact ("you are number 3").</summary>
/// <param name="ConversationId">The conversation.</param>
/// <param name="Position">1 for the next served; counted in queue order (<see cref="QueueOrder"/>).</param>
/// <param name="EstimatedWait">Position x <c>OmnichannelOptions.EstimatedHandleTime</c> / the serving slots of the department's Available agents (at least one).</param>
/// <remarks>This type is immutable and thread-safe.</remarks>
public sealed record QueuePlace(ConversationId ConversationId, int Position, Duration EstimatedWait);
