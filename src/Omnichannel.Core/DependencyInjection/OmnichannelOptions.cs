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

    /// <summary>
    /// The longest name, in characters: an agent's user name and display name, a department's name, a bot's name, a skill,
    /// a user name to invite. Default: 200. 1 to 10,000. (Contacts have their own limits, <see cref="Contacts.ContactLimits"/>.)
    /// </summary>
    public int MaxNameLength { get; set; } = 200;

    /// <summary>The longest identifier of an agent, department or contact being registered, in characters. Default: 256. 1 to 10,000.</summary>
    public int MaxIdLength { get; set; } = 256;

    /// <summary>The most tags a close records, and the most closing (or default closing) tags a department offers. Default: 50. 1 to 10,000.</summary>
    public int MaxTagCount { get; set; } = 50;

    /// <summary>The longest tag, in characters. Default: 100. 1 to 10,000.</summary>
    public int MaxTagLength { get; set; } = 100;

    /// <summary>
    /// The most entries of the other lists an agent or department carries: an agent's departments, skills and channel
    /// capacities, a department's forward targets. Default: 500. 1 to 100,000.
    /// </summary>
    public int MaxListLength { get; set; } = 500;

    /// <summary>The most attachments one message carries. Default: 20. 1 to 10,000.</summary>
    public int MaxAttachmentsPerMessage { get; set; } = 20;

    /// <summary>The longest attachment file name, in characters. Default: 255. 1 to 10,000.</summary>
    public int MaxAttachmentNameLength { get; set; } = 255;

    /// <summary>The longest attachment storage reference (a URL or a storage key), in characters. Default: 2,048. 1 to 100,000.</summary>
    public int MaxAttachmentReferenceLength { get; set; } = 2_048;

    /// <summary>
    /// The URL schemes an attachment's storage reference may have (compared ignoring letter case): an absolute reference
    /// with any other scheme (<c>javascript:</c>, <c>data:</c>, <c>file:</c>) is refused, so that no stored reference can
    /// run script in an agent's browser or a transcript. A reference without a scheme (a storage key such as
    /// <c>bucket/key-123</c>) is accepted. Default: <c>http</c>, <c>https</c>; add yours (for example <c>s3</c>).
    /// </summary>
    public IList<string> AttachmentReferenceSchemes { get; } = ["http", "https"];

    /// <summary>How often an operation re-reads and retries after a concurrent change before answering Conflict. Default: 16. 1 to 1,000.</summary>
    public int MaxWriteAttempts { get; set; } = 16;

    /// <summary>
    /// How long the in-memory outbox keeps the delivered and failed jobs of a closed conversation after the last of them
    /// finished, before pruning them (a storage adapter applies its own retention). Default: 7 days. Positive.
    /// </summary>
    public Duration OutboxRetention { get; set; } = Duration.FromDays(7);

    /// <summary>
    /// How long the in-memory conversation store keeps a closed conversation (with its messages) before forgetting it,
    /// for processes that run for ever on the in-memory stores (demos, simulations, soak tests); contact history and
    /// search then see only what is kept. Default: null, kept for ever. A storage adapter keeps what it stores. Positive when set.
    /// </summary>
    public Duration? ClosedConversationRetention { get; set; }

    /// <summary>Whether <see cref="Notifications.ConversationQueued"/> lists the agents to alert (costs a read of the department's agents). Default: true.</summary>
    public bool AlertAgentsOnQueue { get; set; } = true;
}
