using NodaTime;

namespace Omnichannel.DependencyInjection;

/// <summary>Settings of the conversation lifecycle. Validated when the services are first resolved.</summary>
/// <remarks>Configure before start-up; not thread-safe to change afterwards.</remarks>
public sealed class OmnichannelOptions
{
    /// <summary>Whether on-hold conversations count toward an agent's capacity. Default: false (they free capacity).</summary>
    public bool CountOnHoldTowardCapacity { get; set; }

    /// <summary>The longest message text accepted, in characters. Default: 20,000. At least 1.</summary>
    public int MaxMessageLength { get; set; } = 20_000;

    /// <summary>The longest closing comment, forward comment or topic, in characters. Default: 2,000. At least 1.</summary>
    public int MaxCommentLength { get; set; } = 2_000;

    /// <summary>How often an operation re-reads and retries after a concurrent change before answering Conflict. Default: 16. 1 to 1,000.</summary>
    public int MaxWriteAttempts { get; set; } = 16;

    /// <summary>
    /// How long the in-memory outbox keeps the delivered and failed jobs of a closed conversation after the last of them
    /// finished, before pruning them (a storage adapter applies its own retention). Default: 7 days. Positive.
    /// </summary>
    public Duration OutboxRetention { get; set; } = Duration.FromDays(7);

    /// <summary>Whether <see cref="Notifications.ConversationQueued"/> lists the agents to alert (costs a read of the department's agents). Default: true.</summary>
    public bool AlertAgentsOnQueue { get; set; } = true;
}
