using System.Collections.Immutable;
using NodaTime;
using Omnichannel.Agents;
using Omnichannel.Capacity;
using Omnichannel.Contacts;
using Omnichannel.Conversations;
using Omnichannel.Departments;
using Omnichannel.Outbox;

namespace Omnichannel.Testing.Conformance;

/// <summary>The entities the conformance tests store: small ones for rules, rich ones for round trips.</summary>
internal static class ConformanceData
{
    /// <summary>A fixed instant the tests count from, so every run stores the same data.</summary>
    public static readonly Instant Epoch = Instant.FromUtc(2025, 3, 3, 9, 0);

    public static Instant At(int seconds) => Epoch + Duration.FromSeconds(seconds);

    /// <summary>A new queued conversation (version 0) holding the contact's first message.</summary>
    public static Conversation NewConversation(string id, string contact = "k-1", string department = "d-1", Instant? createdAt = null)
    {
        var at = createdAt ?? Epoch;
        return new Conversation
        {
            Id = new ConversationId(id),
            ContactId = new ContactId(contact),
            DepartmentId = new DepartmentId(department),
            CreatedAt = at,
            QueuedAt = at,
            LastAuthorKind = AuthorKind.Contact,
            MessageCount = 1,
            ContactWaitingSince = at,
        };
    }

    /// <summary>The write that creates <paramref name="candidate"/> with its first message (the contact's, at creation).</summary>
    public static ConversationWrite FirstWrite(Conversation candidate) => new(candidate)
    {
        Messages = [new Message { Sequence = 1, AuthorKind = AuthorKind.Contact, AuthorId = candidate.ContactId.Value, Text = "Hello, I need help.", SentAt = candidate.CreatedAt }],
    };

    /// <summary>
    /// A message numbered <paramref name="sequence"/> with text, author and attachments that vary with the number, so that a
    /// page read from the wrong place or out of order is noticed.
    /// </summary>
    public static Message NumberedMessage(int sequence) => new()
    {
        Sequence = sequence,
        AuthorKind = (sequence % 4) switch { 0 => AuthorKind.Agent, 1 => AuthorKind.Contact, 2 => AuthorKind.System, _ => AuthorKind.Bot },
        AuthorId = sequence % 4 == 2 ? null : $"author-{sequence % 3}",
        Text = $"message {sequence}: «ünïcødé» ✓ 'quoted' \"double\"\nsecond line",
        SentAt = At(sequence),
        Attachments = sequence % 5 == 0 ? [new Attachment($"file-{sequence}.png", "image/png", sequence, $"blob://m/{sequence}")] : [],
    };

    /// <summary><paramref name="conversation"/> with <paramref name="count"/> numbered messages appended, and the write that appends them.</summary>
    public static ConversationWrite Appending(Conversation conversation, int count, CapacityClaim? claim = null) =>
        new(conversation with { MessageCount = conversation.MessageCount + count }, claim)
        {
            Messages = [.. Enumerable.Range(conversation.MessageCount + 1, count).Select(NumberedMessage)],
        };

    /// <summary>The messages <see cref="Enrich(Conversation)"/> adds to a conversation holding its first message.</summary>
    public static IReadOnlyList<Message> EnrichedMessages(Conversation conversation) =>
    [
        new Message { Sequence = 2, AuthorKind = AuthorKind.Agent, AuthorId = "a-1", Text = "Hi! Could you send a screenshot?", SentAt = At(30) },
        new Message
        {
            Sequence = 3,
            AuthorKind = AuthorKind.Contact,
            AuthorId = conversation.ContactId.Value,
            Text = string.Empty,
            SentAt = At(45),
            Attachments = [new Attachment("screen shot.png", "image/png", 123_456, "blob://k-1/1"), new Attachment("log.txt", "text/plain", 0, "blob://k-1/2")],
        },
        new Message { Sequence = 4, AuthorKind = AuthorKind.System, Text = "Agent a-3 joined. «ünïcødé» ✓", SentAt = At(50) },
        new Message { Sequence = 5, AuthorKind = AuthorKind.Bot, AuthorId = "bot", Text = "Line one\nline two\t'quoted' \"double\"", SentAt = At(55) },
    ];

    /// <summary><paramref name="conversation"/> with every field set to something other than its default.</summary>
    public static Conversation Enrich(Conversation conversation)
    {
        var agent = new AgentId("a-1");
        var other = new AgentId("a-2");
        var target = ForwardTarget.ToAgent(other);
        return conversation with
        {
            State = ConversationState.Forwarded,
            ServingAgentId = agent,
            PreviousAgentId = other,
            Participants = [new AgentId("a-3"), new AgentId("a-4")],
            MessageCount = conversation.MessageCount + 4,
            ContactWaitingSince = At(45),
            FirstResponseTime = Duration.FromSeconds(30),
            ResponseTimeTotal = Duration.FromSeconds(30),
            ResponseCount = 1,
            LastAuthorKind = AuthorKind.Bot,
            FirstTakenAt = At(20),
            Tags = ["billing", "vip"],
            ClosingComment = "Not closed yet, but the comment must survive.",
            Topic = "Refund for order 42",
            Priority = ConversationPriority.High,
            ServiceLevel = "VIP 5 minutes",
            ServiceLevelDueAt = At(5 * 60),
            OnHoldSince = At(30),
            CloseReason = CloseReasons.Abandoned,
            ArrivedOutsideBusinessHours = true,
            Transfers =
            [
                new TransferRecord(other, conversation.DepartmentId, ForwardTarget.ToDepartment(new DepartmentId("d-9")), "Wrong team", At(25), ForwardFailureReason.NotAllowed),
                new TransferRecord(other, conversation.DepartmentId, ForwardTarget.ToAgentInDepartment(new AgentId("a-9"), new DepartmentId("d-9")), null, At(26), ForwardFailureReason.AgentNotInDepartment),
            ],
            PendingForward = new PendingForward(target, agent, "Over to you", At(60)) { FromQueue = true },
            TranscriptChoices = new TranscriptChoices(ExportPdf: true, SendEmail: true) { PdfSkippedReason = "no permission" },
            Source = new ConversationSource(ContactChannelTypes.Widget) { Identifier = "visitor-token-1", App = "website" },
            CustomFields = ImmutableDictionary<string, string>.Empty.Add("order", "42").Add("note", "ünïcødé ✓"),
            ClosedBy = Actor.Agent(agent),
            ClosedAt = null,
            ForceClosed = true,
            ServedBy = [other, agent],
        };
    }

    /// <summary><paramref name="conversation"/> taken by <paramref name="agent"/>.</summary>
    public static Conversation Taken(Conversation conversation, string agent) =>
        conversation with { State = ConversationState.Taken, ServingAgentId = new AgentId(agent), FirstTakenAt = conversation.FirstTakenAt ?? conversation.CreatedAt };

    public static Conversation InState(Conversation conversation, ConversationState state) => conversation with { State = state };

    public static Conversation Closed(Conversation conversation) =>
        conversation with { State = ConversationState.Closed, ClosedAt = conversation.CreatedAt + Duration.FromMinutes(5), ClosedBy = Actor.System };

    public static CapacityClaim Claim(string agent, string department = "d-1", int agentLimit = 0, int departmentLimit = 0, bool countOnHold = false) =>
        new(new AgentId(agent), new DepartmentId(department), agentLimit, departmentLimit, countOnHold);

    /// <summary>A new pending job (version 0).</summary>
    public static OutboxMessage NewJob(string id, ConversationId conversation, Instant? dueAt = null, string kind = "transcript.email") => new()
    {
        Id = id,
        Kind = kind,
        ConversationId = conversation,
        CreatedAt = Epoch,
        DueAt = dueAt ?? Epoch,
    };

    public static Agent NewAgent(string id, string username, params string[] departments) => new()
    {
        Id = new AgentId(id),
        Username = username,
        Departments = departments.Select(d => new DepartmentId(d)).ToImmutableHashSet(),
        StatusChangedAt = Epoch,
    };

    public static Agent Enrich(Agent agent) => agent with
    {
        DisplayName = "Ana Lima ✓",
        Email = "ana@example.com",
        Status = AgentStatus.Away,
        StatusChangedAt = At(90),
        Departments = [new DepartmentId("d-1"), new DepartmentId("d-2"), new DepartmentId("d-3")],
        MaxSimultaneousConversations = 7,
        Roles = AgentRoles.Agent | AgentRoles.Manager,
        Permissions = AgentPermissions.DefaultManager | AgentPermissions.StartCall,
        CustomRoles = ["Auditor", "Trainer"],
        SupervisedUnits = [new UnitId("u-1"), new UnitId("u-2")],
        Deactivated = true,
        TranscriptPreferences = new TranscriptPreferences(AlwaysExportPdf: true, AlwaysSendEmail: true),
        IsBot = true,
    };

    public static Department NewDepartment(string id, string name = "Support") => new() { Id = new DepartmentId(id), Name = name };

    public static Department Enrich(Department department) => department with
    {
        Name = "Billing & Refunds",
        MaxChatsPerAgent = 4,
        RequireTagsOnClose = true,
        ClosingTags = ["refund", "invoice", "other"],
        DefaultClosingTags = ["other"],
        ForwardTargets = [new DepartmentId("d-2"), new DepartmentId("d-3")],
        FallbackDepartmentId = new DepartmentId("d-2"),
        Enabled = false,
        OfflineMessage = "We are closed; leave us a message.",
        WaitingQueueMessage = "All our agents are busy.\nYou are in the queue.",
        AcceptForwardsWhenNobodyOnline = true,
        BusinessHours = new BusinessHours
        {
            TimeZoneId = "Europe/Paris",
            Weekly = [new OpeningHours(NodaTime.IsoDayOfWeek.Monday, new NodaTime.LocalTime(9, 0), new NodaTime.LocalTime(12, 30)), new OpeningHours(NodaTime.IsoDayOfWeek.Monday, new NodaTime.LocalTime(14, 0), NodaTime.LocalTime.Midnight)],
            Holidays = [new NodaTime.LocalDate(2025, 12, 25)],
            OutsideHours = OutsideHoursBehavior.Refuse,
            OfflineMessage = "We are closed; back at 9.",
            RouteOutsideHours = true,
        },
        UnitId = new UnitId("u-1"),
    };

    /// <summary>A global tag.</summary>
    /// <param name="id">Its id.</param>
    /// <param name="name">Its name.</param>
    /// <returns>The tag, version 0.</returns>
    public static Omnichannel.Tags.Tag NewTag(string id, string name = "billing") => new() { Id = new TagId(id), Name = name };

    /// <summary>Every optional field of a tag set.</summary>
    /// <param name="tag">The tag.</param>
    /// <returns>The enriched tag.</returns>
    public static Omnichannel.Tags.Tag Enrich(Omnichannel.Tags.Tag tag) => tag with
    {
        Name = "Refund – été",
        Description = "Money back, any reason.\nSee the policy.",
        Departments = [new DepartmentId("d-1"), new DepartmentId("d-2")],
    };

    public static Contact NewContact(string id, string name = "Carla") => new() { Id = new ContactId(id), Name = name };

    public static Contact Enrich(Contact contact) => contact with
    {
        Name = "Carla Souza-Müller",
        Emails = ["carla@example.com", "c.souza@example.org"],
        Phones = ["+55 11 91234-5678"],
        CustomFields = ImmutableDictionary<string, string>.Empty.Add("crm-id", "42").Add("tier", "gold"),
        ManagerId = new AgentId("a-1"),
        Channels = [new ContactChannel(ContactChannelTypes.Email, "carla@example.com"), new ContactChannel("whatsapp", "+5511912345678") { Blocked = true }],
        IsUnknown = true,
    };
}
