using System.Collections.Immutable;
using NodaTime;
using Omnichannel.Storage;

namespace Omnichannel.Conversations;

/// <summary>
/// One contact's exchange with the contact center, from first message to close. Immutable: every operation
/// of <see cref="IConversationService"/> stores a new version. Storage adapters rebuild it with an
/// object initializer.
/// </summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
public sealed record Conversation : IVersioned<Conversation>
{
    /// <summary>The conversation's identifier.</summary>
    public required ConversationId Id { get; init; }

    /// <summary>The contact who wrote in.</summary>
    public required ContactId ContactId { get; init; }

    /// <summary>The department whose queue and agents serve it.</summary>
    public required DepartmentId DepartmentId { get; init; }

    /// <summary>
    /// The channel the contact writes from (for example "chat", "call", "email"), compared ordinally. Agents may have a
    /// capacity per channel (<see cref="Agents.Agent.ChannelCapacity"/>). Default: <see cref="DefaultChannel"/>.
    /// </summary>
    public string Channel { get; init; } = DefaultChannel;

    /// <summary>The lifecycle state. Default: <see cref="ConversationState.Queued"/>.</summary>
    public ConversationState State { get; init; } = ConversationState.Queued;

    /// <summary>The agent serving it (Taken, OnHold, or the forwarding agent while Forwarded); null while queued.</summary>
    /// <exception cref="ArgumentException">Set to <c>default(AgentId)</c>, which names no agent (use null for none).</exception>
    public AgentId? ServingAgentId { get => _servingAgentId.Value is null ? null : _servingAgentId; init => _servingAgentId = NotDefault(value, nameof(ServingAgentId)); }

    /// <summary>The agent who served it last, kept when it goes back to a queue so routing can prefer them.</summary>
    /// <exception cref="ArgumentException">Set to <c>default(AgentId)</c>, which names no agent (use null for none).</exception>
    public AgentId? PreviousAgentId { get => _previousAgentId.Value is null ? null : _previousAgentId; init => _previousAgentId = NotDefault(value, nameof(PreviousAgentId)); }

    /// <summary>Agents and managers invited with <c>/invite</c>.</summary>
    /// <exception cref="ArgumentException">Set to agents holding <c>default(AgentId)</c>, which names no agent.</exception>
    public ImmutableArray<AgentId> Participants { get; init => field = AgentReferences.NoneDefault(value, "Conversation.Participants"); } = [];

    /// <summary>
    /// How many messages the conversation's log holds: the <see cref="Message.Sequence"/> of the last one. The messages
    /// themselves live in an append-only log beside this record (<see cref="IConversationStore.ReadMessagesAsync"/>), so
    /// that a lifecycle step reads and writes a small record whatever the length of the conversation.
    /// </summary>
    public int MessageCount { get; init; }

    /// <summary>When the oldest contact message not yet answered by an agent arrived; null when the contact is not waiting.</summary>
    public Instant? ContactWaitingSince
    {
        get => _hasContactWaitingSince ? _contactWaitingSince : null;
        init
        {
            _contactWaitingSince = value.GetValueOrDefault();
            _hasContactWaitingSince = value.HasValue;
        }
    }

    /// <summary>How long the contact waited for the first agent answer; null before one.</summary>
    public Duration? FirstResponseTime
    {
        get => _hasFirstResponseTime ? _firstResponseTime : null;
        init
        {
            _firstResponseTime = value.GetValueOrDefault();
            _hasFirstResponseTime = value.HasValue;
        }
    }

    /// <summary>The sum of every response time (contact waiting, then an agent answering); see <see cref="ResponseCount"/>.</summary>
    public Duration ResponseTimeTotal { get; init; }

    /// <summary>How many agent answers <see cref="ResponseTimeTotal"/> sums.</summary>
    public int ResponseCount { get; init; }

    /// <summary>Who wrote the last contact, agent or bot message (system messages do not count); null before any.</summary>
    public AuthorKind? LastAuthorKind { get; init; }

    /// <summary>When the first message arrived.</summary>
    public required Instant CreatedAt { get; init; }

    /// <summary>When it last entered a queue (arrival, return to queue, forward to a department).</summary>
    public required Instant QueuedAt { get; init; }

    /// <summary>When an agent first took it; null while never taken.</summary>
    public Instant? FirstTakenAt
    {
        get => _hasFirstTakenAt ? _firstTakenAt : null;
        init
        {
            _firstTakenAt = value.GetValueOrDefault();
            _hasFirstTakenAt = value.HasValue;
        }
    }

    /// <summary>When it was last placed on hold; meaningful while <see cref="State"/> is OnHold (for <c>OmnichannelOptions.CloseOnHoldAfter</c>).</summary>
    public Instant? OnHoldSince
    {
        get => _hasOnHoldSince ? _onHoldSince : null;
        init
        {
            _onHoldSince = value.GetValueOrDefault();
            _hasOnHoldSince = value.HasValue;
        }
    }

    /// <summary>When it closed; null while open.</summary>
    public Instant? ClosedAt
    {
        get => _hasClosedAt ? _closedAt : null;
        init
        {
            _closedAt = value.GetValueOrDefault();
            _hasClosedAt = value.HasValue;
        }
    }

    /// <summary>Who closed it; null while open.</summary>
    public Actor? ClosedBy { get; init; }

    /// <summary>The tags: chosen during the conversation (<see cref="IConversationService.UpdateTagsAsync"/>) and recorded at close.</summary>
    public ImmutableArray<string> Tags { get; init; } = [];

    /// <summary>Why the library closed it itself (<see cref="CloseReasons"/>, for example abandoned), or the closer's reason; null when none.</summary>
    public string? CloseReason { get; init; }

    /// <summary>True when the contact's first message arrived outside the department's business hours and it was queued anyway.</summary>
    public bool ArrivedOutsideBusinessHours { get; init; }
    /// <summary>True when an administrator force closed it, whatever the department's rules (<see cref="IConversationService.ForceCloseAsync"/>).</summary>
    public bool ForceClosed { get; init; }

    /// <summary>Every agent who has served it, in the order they first did (kept by every operation); they may still see it.</summary>
    /// <exception cref="ArgumentException">Set to agents holding <c>default(AgentId)</c>, which names no agent.</exception>
    public ImmutableArray<AgentId> ServedBy { get; init => field = AgentReferences.NoneDefault(value, "Conversation.ServedBy"); } = [];

    /// <summary>The closing comment; optional.</summary>
    public string? ClosingComment { get; init; }

    /// <summary>The topic discussed (room information); optional.</summary>
    public string? Topic { get; init; }

    /// <summary>The priority (room information), set on arrival by the host's rules or edited. Default: <see cref="ConversationPriority.None"/>.</summary>
    public ConversationPriority Priority { get; init; }

    /// <summary>The name of the service-level policy it is under (<see cref="ServiceLevelPolicy"/>); null when none.</summary>
    public string? ServiceLevel { get; init; }

    /// <summary>When its service level is due (arrival plus the policy's due time); null when none. Queue order after priority.</summary>
    public Instant? ServiceLevelDueAt
    {
        get => _hasServiceLevelDueAt ? _serviceLevelDueAt : null;
        init
        {
            _serviceLevelDueAt = value.GetValueOrDefault();
            _hasServiceLevelDueAt = value.HasValue;
        }
    }

    /// <summary>Every forward, successful or failed, in order.</summary>
    public ImmutableList<TransferRecord> Transfers { get; init; } = [];

    /// <summary>The forward being processed while <see cref="State"/> is <see cref="ConversationState.Forwarded"/>.</summary>
    public PendingForward? PendingForward { get; init; }

    /// <summary>Where the conversation came from: the contact's channel and the host application; null when not told.</summary>
    public ConversationSource? Source { get; init; }

    /// <summary>The conversation's custom fields, checked against the registry (<see cref="DependencyInjection.OmnichannelOptions.CustomFields"/>). Default: none.</summary>
    public ImmutableDictionary<string, string> CustomFields { get; init; } = ImmutableDictionary<string, string>.Empty;

    /// <summary>The transcript deliveries chosen at close (the closer's choices and the serving agent's preferences).</summary>
    public TranscriptChoices TranscriptChoices { get; init; }

    /// <inheritdoc />
    public long Version { get => _version; init => _version = value; }

    private long _version;

    // Compact storage: every operation copies this record once, so its size is bytes per operation. A nullable NodaTime
    // time takes 24 bytes and a nullable id 16; stored as below (the time, with its presence among the record's other
    // flags; the id, whose null value means none) they take 16 and 8. The properties read and write them exactly as a
    // nullable would, and equality (which compares these fields) is that of the properties: an absent time is stored as
    // its default with no value, so two records with the same properties have the same fields.
    private AgentId _servingAgentId;
    private AgentId _previousAgentId;

    /// <summary>
    /// The id to keep in a compact field, whose default means "none". <c>default(AgentId)</c> would otherwise read back as
    /// null, silently "no agent", so it is refused where it is set: every store then holds and returns the same value.
    /// </summary>
    private static AgentId NotDefault(AgentId? value, string property) =>
        value is { } id ? AgentReferences.NotDefault(id, $"Conversation.{property}") : default;
    private Instant _contactWaitingSince;
    private Duration _firstResponseTime;
    private Instant _firstTakenAt;
    private Instant _onHoldSince;
    private Instant _closedAt;
    private Instant _serviceLevelDueAt;
    private bool _hasContactWaitingSince;
    private bool _hasFirstResponseTime;
    private bool _hasFirstTakenAt;
    private bool _hasOnHoldSince;
    private bool _hasClosedAt;
    private bool _hasServiceLevelDueAt;

    /// <summary>The channel of a conversation that names none: "chat".</summary>
    public const string DefaultChannel = "chat";

    /// <summary>True until the conversation is closed.</summary>
    public bool IsOpen => State != ConversationState.Closed;

    /// <summary>True when <paramref name="agent"/> serves it or was invited to it.</summary>
    /// <param name="agent">The agent.</param>
    public bool Involves(AgentId agent) => ServingAgentId == agent || Participants.Contains(agent);

    /// <summary>
    /// True when the conversation counts toward its serving agent's capacity: Taken or Forwarded (the forwarder
    /// keeps it until the forward ends), and OnHold when <paramref name="countOnHold"/> is set.
    /// </summary>
    /// <param name="countOnHold">Whether on-hold conversations count.</param>
    public bool OccupiesServingAgent(bool countOnHold) => ServingAgentId is not null && State switch
    {
        ConversationState.Taken or ConversationState.Forwarded => true,
        ConversationState.OnHold => countOnHold,
        _ => false,
    };

    /// <inheritdoc />
    public Conversation WithVersion(long version) => this with { Version = version };

    /// <summary>
    /// Numbers this very record as the stored <paramref name="version"/>: for a store of this assembly taking a record that
    /// was built for one write and that nobody else holds yet (<see cref="ConversationWrite.ConversationIsUnshared"/>), so an
    /// assignment builds one copy of the record instead of two. Never call it on a record anyone may have seen.
    /// </summary>
    internal Conversation NumberInPlace(long version)
    {
        _version = version;
        return this;
    }
}
