using NodaTime;

namespace Omnichannel.Conversations;

/// <summary>
/// The figures of the room information panel, computed from a conversation's messages and timestamps.
/// A response time runs from the first unanswered contact message to the next agent message. No figure is ever negative,
/// even after the clock stepped back: such a span counts as zero.
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

        // Clocks step back (NTP corrections, a host moved between machines): a figure is never shown below zero.
        return new RoomInformation(
            conversation.Id,
            conversation.CreatedAt,
            NotNegative(queueTime),
            conversation.FirstResponseTime is { } first ? NotNegative(first) : null,
            conversation.ResponseCount <= 0 ? null : NotNegative(conversation.ResponseTimeTotal / conversation.ResponseCount),
            NotNegative(end - conversation.CreatedAt),
            conversation.ContactId,
            conversation.ServingAgentId ?? conversation.PreviousAgentId,
            conversation.Topic,
            conversation.Priority)
        {
            State = conversation.State,
            ClosedAt = conversation.ClosedAt,
            ClosedBy = conversation.ClosedBy,
            ForceClosed = conversation.ForceClosed,
            Tags = conversation.Tags,
            CustomFields = conversation.CustomFields,
        };
    }

    /// <summary>The contact's name; null when the figures were computed without the stores (<see cref="From"/>).</summary>
    public string? ContactName { get; init; }

    /// <summary>The serving (or last serving) agent's user name; null when nobody served it or it was computed without the stores.</summary>
    public string? AgentUsername { get; init; }

    /// <summary>The department's name; null when computed without the stores.</summary>
    public string? DepartmentName { get; init; }

    /// <summary>The conversation's state.</summary>
    public ConversationState State { get; init; }

    /// <summary>When it closed; null while open.</summary>
    public Instant? ClosedAt { get; init; }

    /// <summary>Who closed it; null while open.</summary>
    public Actor? ClosedBy { get; init; }

    /// <summary>True when an administrator force closed it.</summary>
    public bool ForceClosed { get; init; }

    /// <summary>The tags.</summary>
    public System.Collections.Immutable.ImmutableArray<string> Tags { get; init; } = [];

    /// <summary>The conversation's custom fields.</summary>
    public System.Collections.Immutable.ImmutableDictionary<string, string> CustomFields { get; init; } = System.Collections.Immutable.ImmutableDictionary<string, string>.Empty;

    /// <summary><paramref name="duration"/>, or zero when the clock stepped back and made it negative.</summary>
    internal static Duration NotNegative(Duration duration) => duration < Duration.Zero ? Duration.Zero : duration;
}
