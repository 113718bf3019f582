using NodaTime;

namespace Omnichannel.DependencyInjection;

/// <summary>Settings of the conversation lifecycle. Validated when the services are first resolved.</summary>
/// <remarks>Configure before start-up; not thread-safe to change afterwards.</remarks>
public sealed class OmnichannelOptions
{
    /// <summary>Whether on-hold conversations count toward an agent's capacity. Default: false (they free capacity).</summary>
    public bool CountOnHoldTowardCapacity { get; set; }

    /// <summary>The longest message text accepted, in characters. Default: 20,000. From 1 to 1,000,000.</summary>
    public int MaxMessageLength { get; set; } = 20_000;

    /// <summary>The longest closing comment, forward comment or topic, in characters. Default: 2,000. From 1 to 100,000.</summary>
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

    // Workspace settings of the anchor (Rocket.Chat omnichannel); docs/workspace.md lists each with the anchor's name.

    /// <summary>
    /// Whether a contact may start a conversation in a department where no agent is online (Available, or Away when
    /// <see cref="RouteToAwayAgents"/>): when false, the first message is refused with
    /// <see cref="Operations.OperationErrorCode.Offline"/> and the department's <see cref="Departments.Department.OfflineMessage"/>,
    /// and nothing is stored; when true, it queues. Default: false (the anchor's <c>Livechat_accept_chats_with_no_agents</c>).
    /// </summary>
    public bool AcceptConversationsWithNoAgentsOnline { get; set; }

    /// <summary>
    /// Whether Away agents count as online and are routed new conversations (they still cannot take one themselves).
    /// Default: false.
    /// </summary>
    public bool RouteToAwayAgents { get; set; }

    /// <summary>
    /// The most conversations any agent serves at once over all departments, for agents without a limit of their own
    /// (<see cref="Agents.Agent.MaxSimultaneousConversations"/>); the department's limit applies as well. 0 means none.
    /// Bots have no limit. Default: 0 (the anchor's <c>Livechat_maximum_chats_per_agent</c>). 0 to 100,000.
    /// </summary>
    public int MaxConversationsPerAgent { get; set; }

    /// <summary>
    /// Whether an agent must enter a closing comment (not blank) to close a conversation. Default: false (the anchor's
    /// <c>Livechat_request_comment_when_closing_conversation</c> is on, but only its close dialog asks; its API closes
    /// without one, and this library is the API).
    /// </summary>
    public bool RequireCommentToClose { get; set; }

    /// <summary>Whether contacts may close their own conversations. Default: true (the anchor's <c>Omnichannel_allow_visitors_to_close_conversation</c>).</summary>
    public bool AllowContactsToClose { get; set; } = true;

    /// <summary>
    /// Whether an agent may place a conversation on hold although the contact wrote last. Default: false (the anchor's
    /// <c>Livechat_allow_manual_on_hold_upon_agent_engagement_only</c> is on: the agent must have answered).
    /// </summary>
    public bool AllowHoldWhenContactWroteLast { get; set; }

    /// <summary>Whether contacts may ask for a transcript of their conversation by email. Default: false (the anchor's <c>Livechat_enable_transcript</c>).</summary>
    public bool TranscriptsEnabled { get; set; }

    /// <summary>
    /// Whether departments may be deleted (<see cref="Departments.IDepartmentService.DeleteAsync"/>); when false every deletion
    /// is refused with <see cref="Operations.OperationErrorCode.NotPermitted"/> and nothing changes. Default: true (the
    /// anchor's <c>Omnichannel_enable_department_removal</c>).
    /// </summary>
    public bool AllowDepartmentDeletion { get; set; } = true;

    /// <summary>
    /// Whether every closed conversation's transcript is emailed to the contact, beside the agents' own
    /// <see cref="Agents.TranscriptPreferences"/> and the closer's choice. Default: false (the anchor's <c>Livechat_transcript_send_always</c>).
    /// </summary>
    public bool AlwaysSendTranscriptEmail { get; set; }

    /// <summary>
    /// Whether routing gives a new conversation (never served) to an eligible bot agent (<see cref="Agents.Agent.IsBot"/>)
    /// before any person. Default: false (the anchor's <c>Livechat_assign_new_conversation_to_bot</c>).
    /// </summary>
    public bool AssignNewConversationsToBotsFirst { get; set; }

    /// <summary>
    /// The custom fields of contacts and conversations: name, validation pattern, required or not. Every update of a
    /// contact's or a conversation's custom fields is checked against them; a field not registered is refused when any
    /// field of that scope is registered. Default: none (any field accepted).
    /// </summary>
    public IList<Contacts.CustomFieldDefinition> CustomFields { get; } = [];
    /// <summary>
    /// The priorities a conversation may have, by name, in serving order (the first is served first; a conversation without
    /// priority is served after all of them). Default: the guide's Highest, High, Medium, Low, Lowest. Names are one line,
    /// unique ignoring letter case, and not "None".
    /// </summary>
    public IList<string> Priorities { get; } = ["Highest", "High", "Medium", "Low", "Lowest"];

    /// <summary>The service-level (SLA) policies a conversation may be under, by name, each with its due time. Default: none.</summary>
    public IList<Conversations.ServiceLevelPolicy> ServiceLevelPolicies { get; } = [];

    /// <summary>
    /// The typing indicator's throttle: at most one "typing" event per actor and conversation per this interval (repeated
    /// calls within it are absorbed; "stopped typing" always passes). Default: 2 seconds. Zero (no throttle) to 1 minute.
    /// </summary>
    public Duration TypingThrottleInterval { get; set; } = Duration.FromSeconds(2);

    /// <summary>
    /// How long after the last "typing" call, without another, a "stopped typing" event is published, through the scheduling
    /// port (<see cref="Scheduling.IWorkScheduler"/>). Default: 5 seconds. Positive, at most 10 minutes.
    /// </summary>
    public Duration TypingExpiry { get; set; } = Duration.FromSeconds(5);

    /// <summary>
    /// Close a taken conversation whose contact has not written for this long (since the contact's last message, or since it
    /// was taken), by the system, with the reason <see cref="Conversations.CloseReasons.Abandoned"/>. Scheduled through
    /// <see cref="Scheduling.IWorkScheduler"/>. Default: off (null). Positive when set.
    /// </summary>
    public Duration? CloseAbandonedAfter { get; set; }

    /// <summary>
    /// Close a conversation that has been on hold this long, by the system, with the reason
    /// <see cref="Conversations.CloseReasons.OnHoldTimeout"/>. Scheduled through <see cref="Scheduling.IWorkScheduler"/>.
    /// Default: off (null). Positive when set.
    /// </summary>
    public Duration? CloseOnHoldAfter { get; set; }
    /// <summary>
    /// The one table mapping roles to permissions: the built-in roles (Agent, Monitor, Manager, Administrator) with their
    /// defaults, and any role a host adds (<c>o.RolePermissions["Auditor"] = AgentPermissions.ViewQueue | ...</c>).
    /// </summary>
    public Access.RolePermissionTable RolePermissions { get; } = new();

    /// <summary>The handle time a contact's estimated wait assumes per conversation ahead and serving slot (<see cref="Conversations.QueuePlace"/>). Default: 5 minutes.</summary>
    public Duration EstimatedHandleTime { get; set; } = Duration.FromMinutes(5);
}
