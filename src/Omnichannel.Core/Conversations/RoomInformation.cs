using NodaTime;

namespace Omnichannel.Conversations;

/// <summary>
/// The figures of the room information panel, computed from a conversation's messages and timestamps.
/// A response time runs from the first unanswered contact message to the next agent message.
/// </summary>
/// <param name="ConversationId">The conversation.</param>
/// <param name="StartedAt">Date and time of the first message.</param>
/// <param name="QueueTime">From the first message until an agent first took it (until now while never taken).</param>
/// <param name="FirstResponseTime">The first response time; null before any agent answered.</param>
/// <param name="AverageResponseTime">The mean of all response times; null before any agent answered.</param>
/// <param name="ChatDuration">From the first message until close (until now while open).</param>
/// <param name="ContactId">The contact.</param>
/// <param name="ServingAgentId">The serving agent (or last serving agent), if any.</param>
/// <param name="Topic">The topic.</param>
/// <param name="Priority">The priority.</param>
/// <remarks>This type is immutable and thread-safe.</remarks>
public sealed record RoomInformation(
    ConversationId ConversationId,
    Instant StartedAt,
    Duration QueueTime,
    Duration? FirstResponseTime,
    Duration? AverageResponseTime,
    Duration ChatDuration,
    ContactId ContactId,
    AgentId? ServingAgentId,
    string? Topic,
    ConversationPriority Priority)
{
    /// <summary>Computes the room information of a conversation.</summary>
    /// <param name="conversation">The conversation.</param>
    /// <param name="now">The current time, for figures of an open conversation.</param>
    /// <returns>The figures.</returns>
    public static RoomInformation From(Conversation conversation, Instant now)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        var end = conversation.ClosedAt ?? now;
        var queueTime = (conversation.FirstTakenAt ?? end) - conversation.CreatedAt;

        return new RoomInformation(
            conversation.Id,
            conversation.CreatedAt,
            queueTime,
            conversation.FirstResponseTime,
            conversation.ResponseCount == 0 ? null : conversation.ResponseTimeTotal / conversation.ResponseCount,
            end - conversation.CreatedAt,
            conversation.ContactId,
            conversation.ServingAgentId ?? conversation.PreviousAgentId,
            conversation.Topic,
            conversation.Priority);
    }
}
