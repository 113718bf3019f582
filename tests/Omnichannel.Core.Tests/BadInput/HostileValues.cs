using System.Collections.Immutable;
using FsCheck;
using FsCheck.Fluent;
using Omnichannel.Agents;
using Omnichannel.Contacts;
using Omnichannel.Conversations;
using Omnichannel.Departments;
using Omnichannel.Operations;

using static Omnichannel.Core.Tests.BadInput.HostileWorld;
using Omnichannel.Workspace.Calls;
using Omnichannel.Workspace.CannedResponses;
using Omnichannel.Workspace.Search;

namespace Omnichannel.Core.Tests.BadInput;

/// <summary>A generated value with a short label, so a failing case reads "Takes(conversation: default, agent: 1 MB id)".</summary>
public sealed record Labeled<T>(T Value, string Label)
{
    public override string ToString() => Label;
}

/// <summary>
/// Hostile values for every parameter type of the public operations: nulls, defaults, empty and white-space text, control
/// characters, lone surrogates, 1 MB strings, huge collections, unknown identifiers; mixed with valid values so that
/// generated calls also get past the first check and reach the deeper ones.
/// </summary>
public static class HostileValues
{
    public static readonly string OneMegabyte = new('x', 1_000_000);

    private static readonly ImmutableArray<string> HugeTags = [.. Enumerable.Range(0, 100_000).Select(i => $"tag-{i}")];
    private static readonly Attachment Valid = new("invoice.pdf", "application/pdf", 1_024, "https://files.example.com/invoice.pdf");
    private static readonly Attachment[] HugeAttachments = [.. Enumerable.Range(0, 100_000).Select(i => Valid with { FileName = $"f{i}.pdf" })];
    private static readonly ImmutableHashSet<DepartmentId> HugeDepartments = [.. Enumerable.Range(0, 100_000).Select(i => new DepartmentId($"d-{i}"))];
    private static readonly ImmutableDictionary<string, int> HugeMap = Enumerable.Range(0, 100_000).ToImmutableDictionary(i => $"k{i}", i => i);
    private static readonly ImmutableDictionary<string, string> HugeFields = Enumerable.Range(0, 100_000).ToImmutableDictionary(i => $"f{i}", i => "v");

    public static Gen<Labeled<T>> Of<T>(params (T Value, string Label)[] choices) =>
        Gen.Elements(choices.Select(c => new Labeled<T>(c.Value, c.Label)).ToArray());

    /// <summary>Texts: missing, blank, broken, huge, hostile, and a few ordinary ones; plus random ones from FsCheck.</summary>
    public static Gen<Labeled<string>> Texts { get; } = Gen.Frequency(
        (6, Of<string>(
            (null!, "null"), ("", "empty"), (" \t ", "white space"), ("a\r\nb", "line break"), ("a\0b", "NUL"), ("a\u0007b", "control character"),
            ("a\ud800b", "lone high surrogate"), ("\udc00", "lone low surrogate"), ("smile \ud83d\ude00", "emoji"), (OneMegabyte, "1 MB"),
            ("<script>alert(1)</script>", "script"), ("Hello there", "plain"), ("!hi", "!hi"), ("!!hi", "!!hi"), ("!nope", "!nope"),
            ("/invite @bob", "/invite @bob"), ("/invite @nobody", "/invite @nobody"), ("/nope", "/nope"), ("@bob", "@bob"), ("bob", "bob"),
            ("javascript:alert(1)", "javascript URL"), ("(a+)+$", "regex bomb"), ("dave@example.com", "email"), (new string('w', 5_000), "5,000 chars"),
            ("{{contact.name}}", "placeholder"), ("{{nope}}", "unknown placeholder"),
            ("\"><img src=x onerror=alert(1)>", "attribute-breaking markup"), ("Hi\r\nBcc: evil@example.com", "header injection"),
            ("'; DROP TABLE conversations; --", "SQL injection"), ("%_\\[]*", "LIKE metacharacters"), ("\u202Eevil\u200B", "bidi override"),
            ("[", "unclosed regex class"), ("a\\", "trailing backslash"), ("(?<=(a+)+)b", "lookbehind bomb"), ("(?i)(x+x+)+y", "inline-option bomb"))),
        (1, ArbMap.Default.GeneratorFor<string>().Select(s => new Labeled<string>(s, s is null ? "random null" : $"random \"{Escape(s)}\""))));

    public static Gen<Labeled<AgentId>> AgentIds { get; } = Of(
        (default(AgentId), "default"), (Alice, "alice"), (Bob, "bob"), (Sam, "sam"), (Mia, "mia"), (Uma, "uma (no role)"),
        (new AgentId("nobody"), "unknown"), (new AgentId(OneMegabyte), "1 MB id"), (new AgentId("a\u0001b"), "control-char id"),
        (new AgentId("x\ud800"), "lone-surrogate id"), (new AgentId("a b"), "id with a space"));

    public static Gen<Labeled<ContactId>> ContactIds { get; } = Of(
        (default(ContactId), "default"), (Dave, "dave"), (Erin, "erin"), (new ContactId("nobody"), "unknown"),
        (new ContactId(OneMegabyte), "1 MB id"), (new ContactId("a\u0001b"), "control-char id"), (new ContactId("x\ud800"), "lone-surrogate id"));

    public static Gen<Labeled<DepartmentId>> DepartmentIds { get; } = Of(
        (default(DepartmentId), "default"), (Support, "support"), (Sales, "sales"), (new DepartmentId("nowhere"), "unknown"),
        (new DepartmentId(OneMegabyte), "1 MB id"), (new DepartmentId("a\u0001b"), "control-char id"));

    public static Gen<Labeled<ConversationId>> ConversationIds { get; } = Of(
        (default(ConversationId), "default"), (Taken, "taken"), (Queued, "queued"), (Closed, "closed"), (OnHold, "on hold"),
        (new ConversationId("c-999"), "unknown"), (new ConversationId(OneMegabyte), "1 MB id"), (new ConversationId("c\u0000"), "NUL id"));

    public static Gen<Labeled<ContactId?>> OptionalContactIds { get; } = Gen.OneOf(
        Of(((ContactId?)null, "none")), ContactIds.Select(c => new Labeled<ContactId?>(c.Value, c.Label)));

    public static Gen<Labeled<Actor>> Actors { get; } = Of(
        (default(Actor), "default"), (Actor.System, "system"), (Actor.Agent(Alice), "alice"), (Actor.Agent(Bob), "bob"), (Actor.Agent(Mia), "mia"),
        (Actor.Agent(Sam), "sam"), (Actor.Agent(Uma), "uma"), (Actor.Agent(new AgentId("nobody")), "unknown agent"),
        (Actor.Contact(Dave), "dave"), (Actor.Contact(Erin), "erin"), (Actor.Contact(new ContactId("nobody")), "unknown contact"));

    public static Gen<Labeled<IReadOnlyList<string>>> TagLists { get; } = Of<IReadOnlyList<string>>(
        (null!, "null"), ([], "none"), ([null!], "[null]"), ([""], "[empty]"), (["billing"], "[billing]"), (["nope"], "[not offered]"),
        ([OneMegabyte], "[1 MB]"), (["a\nb"], "[line break]"), (["\ud800"], "[lone surrogate]"), (HugeTags, "100,000 tags"), (["bug", "bug"], "[bug, bug]"));

    public static Gen<Labeled<IReadOnlyList<Attachment>?>> AttachmentLists { get; } = Of<IReadOnlyList<Attachment>?>(
        (null, "none"), ([], "empty"), ([null!], "[null]"), ([Valid], "[valid]"), ([Valid with { MediaType = null! }], "[no media type]"),
        ([Valid with { MediaType = "png" }], "[bad media type]"), ([Valid with { SizeBytes = -1 }], "[negative size]"),
        ([Valid with { StorageReference = "javascript:alert(1)" }], "[javascript reference]"), ([Valid with { StorageReference = " javascript:alert(1)" }], "[spaced javascript]"),
        ([Valid with { StorageReference = "data:text/html,<b>" }], "[data reference]"), ([Valid with { StorageReference = "bucket/key" }], "[storage key]"),
        ([Valid with { FileName = OneMegabyte }], "[1 MB name]"), ([Valid with { FileName = "\ud800.pdf" }], "[lone surrogate name]"),
        ([Valid with { FileName = null! }], "[no name]"),
        ([Valid with { FileName = "\"><img src=x onerror=alert(1)>.png", MediaType = "image/png", StorageReference = "https://files.example.com/a\"onerror=\"x.png" }], "[attribute-breaking image]"),
        ([Valid with { FileName = "'; DROP TABLE calls; --.pdf" }], "[SQL injection name]"), ([Valid with { StorageReference = null! }], "[no reference]"), (HugeAttachments, "100,000 attachments"));

    public static Gen<Labeled<bool>> Booleans { get; } = Of((true, "true"), (false, "false"));

    public static Gen<Labeled<ForwardTarget>> ForwardTargets { get; } = Of(
        (default(ForwardTarget), "default"), (ForwardTarget.ToAgent(Bob), "bob"), (ForwardTarget.ToAgent(Sam), "sam"), (ForwardTarget.ToAgent(Alice), "alice"),
        (ForwardTarget.ToAgent(new AgentId("nobody")), "unknown agent"), (ForwardTarget.ToDepartment(Sales), "sales"),
        (ForwardTarget.ToDepartment(Support), "support"), (ForwardTarget.ToDepartment(new DepartmentId("nowhere")), "unknown department"));

    public static Gen<Labeled<CloseRequest?>> CloseRequests { get; } = Gen.OneOf(
        Of(((CloseRequest?)null, "null"), (CloseRequest.Empty, "empty")),
        from comment in Texts
        from tags in TagLists
        from pdf in Booleans
        select new Labeled<CloseRequest?>(new CloseRequest { Comment = comment.Value, Tags = tags.Value, Transcript = new(pdf.Value, !pdf.Value) }, $"{{comment: {comment}, tags: {tags}}}"));

    public static Gen<Labeled<RoomInformationUpdate>> RoomUpdates { get; } = Gen.OneOf(
        Of(((RoomInformationUpdate)null!, "null")),
        from topic in Texts
        from priority in Of<ConversationPriority?>((null, "unchanged"), (ConversationPriority.Highest, "highest"), (new ConversationPriority("Urgent!!"), "unconfigured"))
        select new Labeled<RoomInformationUpdate>(new RoomInformationUpdate(topic.Value, priority.Value), $"{{topic: {topic}, priority: {priority}}}"));

    public static Gen<Labeled<ContactMessage>> ContactMessages { get; } = Gen.OneOf(
        Of(((ContactMessage)null!, "null")),
        from contact in ContactIds
        from department in DepartmentIds
        from text in Texts
        from attachments in AttachmentLists
        from channel in Gen.OneOf(Texts, Of(("call", "call"), ("chat", "chat")))
        from source in Sources
        select new Labeled<ContactMessage>(new ContactMessage(contact.Value, department.Value, text.Value) { Attachments = attachments.Value, Channel = channel.Value, Source = source.Value },
            $"{{contact: {contact}, department: {department}, text: {text}, attachments: {attachments}, channel: {channel}, source: {source}}}"));

    public static Gen<Labeled<AgentStatus>> Statuses { get; } = Of(
        (AgentStatus.Available, "available"), (AgentStatus.Away, "away"), (AgentStatus.Offline, "offline"), ((AgentStatus)42, "42"));

    public static Gen<Labeled<Agent>> Agents { get; } =
        from id in AgentIds
        from username in Gen.OneOf(Texts, Of(("zoe", "zoe"), ("alice", "alice (taken)")))
        from display in Gen.OneOf(Texts, Of(((string)null!, "none")))
        from email in Gen.OneOf(Texts, Of(((string)null!, "none")))
        from departments in Of<ImmutableHashSet<DepartmentId>>((null!, "null"), ([], "none"), ([Support], "support"), ([Support, Sales], "both"),
            ([default], "[default]"), ([new DepartmentId("nowhere")], "[unknown]"), (HugeDepartments, "100,000"))
        from capacity in Maps
        from skills in Maps
        from status in Statuses
        from roles in Of((AgentRoles.Agent, "agent"), (AgentRoles.Manager, "manager"), (AgentRoles.None, "none"), ((AgentRoles)64, "64"))
        from permissions in Of((AgentPermissions.DefaultAgent, "default"), (AgentPermissions.None, "none"), ((AgentPermissions)(1L << 40), "bit 40"))
        from version in Of((0L, "0"), (1L, "1"), (7L, "7"), (-3L, "-3"))
        from max in Of((0, "0"), (2, "2"), (-1, "-1"))
        select new Labeled<Agent>(new Agent
        {
            Id = id.Value, Username = username.Value, DisplayName = display.Value, Email = email.Value, Departments = departments.Value,
            ChannelCapacity = capacity.Value, Skills = skills.Value, Status = status.Value, Roles = roles.Value, Permissions = permissions.Value,
            Version = version.Value, MaxSimultaneousConversations = max.Value,
        }, $"{{id: {id}, username: {username}, display: {display}, email: {email}, departments: {departments}, capacity: {capacity}, skills: {skills}, status: {status}, roles: {roles}, permissions: {permissions}, version: {version}, max: {max}}}");

    private static Gen<Labeled<ImmutableDictionary<string, int>>> Maps { get; } = Of<ImmutableDictionary<string, int>>(
        (null!, "null"), (ImmutableDictionary<string, int>.Empty, "none"), (ImmutableDictionary<string, int>.Empty.Add("call", 1).Add("chat", 3), "{call 1, chat 3}"),
        (ImmutableDictionary<string, int>.Empty.Add("call", -1), "{call -1}"), (ImmutableDictionary<string, int>.Empty.Add("", 1), "{\"\" 1}"),
        (ImmutableDictionary<string, int>.Empty.Add(" ", 1), "{\" \" 1}"), (ImmutableDictionary<string, int>.Empty.Add(OneMegabyte, 1), "{1 MB 1}"),
        (ImmutableDictionary<string, int>.Empty.Add("a\u0000", 1), "{NUL 1}"), (HugeMap, "100,000 entries"));

    private static Gen<Labeled<ImmutableArray<string>>> StringArrays { get; } = Of<ImmutableArray<string>>(
        (default, "default"), ([], "none"), (["billing", "bug"], "[billing, bug]"), (["billing"], "[billing]"), ([null!], "[null]"), ([""], "[empty]"),
        ([OneMegabyte], "[1 MB]"), (["a\nb"], "[line break]"), (["\ud800"], "[lone surrogate]"), (HugeTags, "100,000"),
        (["dave@example.com"], "[email]"), (["+1 555 010 2030"], "[phone]"), (["not an email"], "[junk]"));

    public static Gen<Labeled<Department>> Departments { get; } =
        from id in DepartmentIds
        from name in Texts
        from max in Of((0, "0"), (3, "3"), (-1, "-1"))
        from require in Booleans
        from tags in StringArrays
        from defaults in StringArrays
        from targets in Of<ImmutableHashSet<DepartmentId>>((null!, "null"), ([], "none"), ([Sales], "[sales]"), ([Support], "[support]"),
            ([default], "[default]"), ([new DepartmentId("nowhere")], "[unknown]"), (HugeDepartments, "100,000"))
        from fallback in Of<DepartmentId?>((null, "none"), (default(DepartmentId), "default"), (Sales, "sales"), (Support, "support"), (new DepartmentId("nowhere"), "unknown"))
        from version in Of((0L, "0"), (1L, "1"), (9L, "9"))
        from enabled in Booleans
        from message in Gen.OneOf(Texts, Of(((string)null!, "none")))
        select new Labeled<Department>(new Department
        {
            Id = id.Value, Name = name.Value, MaxChatsPerAgent = max.Value, RequireTagsOnClose = require.Value, ClosingTags = tags.Value,
            DefaultClosingTags = defaults.Value, ForwardTargets = targets.Value, FallbackDepartmentId = fallback.Value, Version = version.Value,
            Enabled = enabled.Value, OfflineMessage = message.Value, WaitingQueueMessage = message.Value,
        }, $"{{id: {id}, name: {name}, max: {max}, require tags: {require}, tags: {tags}, defaults: {defaults}, targets: {targets}, fallback: {fallback}, version: {version}, enabled: {enabled}, messages: {message}}}");

    public static Gen<Labeled<Contact>> Contacts { get; } =
        from id in ContactIds
        from name in Texts
        from emails in StringArrays
        from phones in StringArrays
        from fields in Of<ImmutableDictionary<string, string>>((null!, "null"), (ImmutableDictionary<string, string>.Empty, "none"),
            (ImmutableDictionary<string, string>.Empty.Add("crm", "42"), "{crm 42}"), (ImmutableDictionary<string, string>.Empty.Add("", "x"), "{\"\" x}"),
            (ImmutableDictionary<string, string>.Empty.Add("crm", null!), "{crm null}"), (ImmutableDictionary<string, string>.Empty.Add("crm", OneMegabyte), "{crm 1 MB}"),
            (ImmutableDictionary<string, string>.Empty.Add("crm", "\ud800"), "{crm lone surrogate}"), (HugeFields, "100,000 fields"))
        from manager in Of<AgentId?>((null, "none"), (default(AgentId), "default"), (Alice, "alice"), (new AgentId("nobody"), "unknown"))
        from version in Of((0L, "0"), (1L, "1"), (5L, "5"))
        from channels in Channels
        from unknown in Booleans
        select new Labeled<Contact>(new Contact { Id = id.Value, Name = name.Value, Emails = emails.Value, Phones = phones.Value, CustomFields = fields.Value, ManagerId = manager.Value, Version = version.Value, Channels = channels.Value, IsUnknown = unknown.Value },
            $"{{id: {id}, name: {name}, emails: {emails}, phones: {phones}, fields: {fields}, manager: {manager}, version: {version}, channels: {channels}, unknown: {unknown}}}");

    public static Gen<Labeled<ImmutableArray<ContactChannel>>> Channels { get; } = Of<ImmutableArray<ContactChannel>>(
        (default, "default"), ([], "none"), ([null!], "[null]"), ([new ContactChannel(ContactChannelTypes.Email, "dave@example.com")], "[email]"),
        ([new ContactChannel(ContactChannelTypes.Widget, "t-1") { Blocked = true }], "[blocked widget]"), ([new ContactChannel(null!, null!)], "[nulls]"),
        ([new ContactChannel("a b", "x")], "[bad type]"), ([new ContactChannel("widget", OneMegabyte)], "[1 MB identifier]"), ([new ContactChannel("widget", "a\ud800")], "[lone surrogate]"),
        ([new ContactChannel("widget", "x"), new ContactChannel("WIDGET", "X")], "[duplicate]"),
        ([.. Enumerable.Range(0, 10_000).Select(i => new ContactChannel("widget", $"t{i}"))], "10,000"));

    public static Gen<Labeled<ConversationSource?>> Sources { get; } = Of<ConversationSource?>(
        (null, "none"), (new ConversationSource(ContactChannelTypes.Widget) { Identifier = "t-1", App = "site" }, "widget t-1"),
        (new ConversationSource(null!), "null type"), (new ConversationSource("a b"), "bad type"), (new ConversationSource("widget") { Identifier = OneMegabyte }, "1 MB identifier"),
        (new ConversationSource("widget") { App = "a\u0000b" }, "NUL app"), (new ConversationSource("email") { Identifier = "dave@example.com" }, "email"));

    public static Gen<Labeled<CannedResponseScope>> Scopes { get; } = Of(
        (CannedResponseScope.Public, "public"), (CannedResponseScope.Department, "department"), (CannedResponseScope.Private, "private"), ((CannedResponseScope)9, "9"));

    public static Gen<Labeled<DepartmentId?>> OptionalDepartments { get; } = Of<DepartmentId?>(
        (null, "none"), (default(DepartmentId), "default"), (Support, "support"), (new DepartmentId("nowhere"), "unknown"));

    public static Gen<Labeled<CannedResponseDraft>> Drafts { get; } = Gen.OneOf(
        Of(((CannedResponseDraft)null!, "null")),
        from shortcut in Gen.OneOf(Texts, Of(("hi", "hi (taken)"), ("bye", "bye"), ("!thanks", "!thanks")))
        from text in Texts
        from scope in Scopes
        from department in OptionalDepartments
        from origin in Of<ConversationId?>((null, "none"), (default(ConversationId), "default"), (Taken, "taken"), (new ConversationId("c-999"), "unknown"))
        select new Labeled<CannedResponseDraft>(new CannedResponseDraft { Shortcut = shortcut.Value, Text = text.Value, Scope = scope.Value, DepartmentId = department.Value, FromConversation = origin.Value },
            $"{{shortcut: {shortcut}, text: {text}, scope: {scope}, department: {department}, from: {origin}}}"));

    /// <summary>Changes to the stored "!hi" (read from the world when the call runs), or null.</summary>
    public static Gen<Labeled<Func<HostileWorld, CannedResponse>>> CannedResponseChanges { get; } = Gen.OneOf(
        Of<Func<HostileWorld, CannedResponse>>((_ => null!, "null")),
        from id in Of<Func<HostileWorld, CannedResponseId>>((w => w.CannedResponse.Id, "stored"), (_ => default, "default"), (_ => new CannedResponseId("nope"), "unknown"))
        from shortcut in Gen.OneOf(Texts, Of(("hi", "hi"), ("hey", "hey")))
        from text in Texts
        from scope in Scopes
        from department in OptionalDepartments
        from version in Of<Func<HostileWorld, long>>((w => w.CannedResponse.Version, "as read"), (_ => 0, "0"), (_ => 99, "99"))
        select new Labeled<Func<HostileWorld, CannedResponse>>(
            w => w.CannedResponse with { Id = id.Value(w), Shortcut = shortcut.Value, Text = text.Value, Scope = scope.Value, DepartmentId = department.Value, Version = version.Value(w) },
            $"{{id: {id}, shortcut: {shortcut}, text: {text}, scope: {scope}, department: {department}, version: {version}}}"));

    public static Gen<Labeled<Func<HostileWorld, CannedResponseId>>> CannedResponseIds { get; } = Of<Func<HostileWorld, CannedResponseId>>(
        (w => w.CannedResponse.Id, "stored"), (_ => default, "default"), (_ => new CannedResponseId("nope"), "unknown"), (_ => new CannedResponseId(OneMegabyte), "1 MB id"));

    public static Gen<Labeled<MessageSearchQuery>> SearchQueries { get; } = Gen.OneOf(
        Of(((MessageSearchQuery)null!, "null")),
        from text in Texts
        from mode in Of((MessageSearchMode.PlainText, "plain"), (MessageSearchMode.RegularExpression, "regex"), ((MessageSearchMode)9, "9"))
        from max in Of((1_000, "1,000"), (1, "1"), (0, "0"), (-5, "-5"), (int.MaxValue, "int.MaxValue"))
        select new Labeled<MessageSearchQuery>(new MessageSearchQuery { Text = text.Value, Mode = mode.Value, MaxMatches = max.Value }, $"{{text: {text}, mode: {mode}, max: {max}}}"));

    public static Gen<Labeled<AttachmentQuery?>> AttachmentQueries { get; } = Gen.OneOf(
        Of(((AttachmentQuery?)null, "null"), (AttachmentQuery.All, "all")),
        from name in Texts
        from kind in Of<AttachmentKind?>((null, "any"), (AttachmentKind.Document, "document"), ((AttachmentKind)77, "77"))
        select new Labeled<AttachmentQuery?>(new AttachmentQuery { NameContains = name.Value, Kind = kind.Value }, $"{{name: {name}, kind: {kind}}}"));

    public static Gen<Labeled<CallMedia>> Media { get; } = Of((CallMedia.Video, "video"), (CallMedia.Audio, "audio"), ((CallMedia)5, "5"));

    public static Gen<Labeled<string>> CallIds { get; } = Gen.OneOf(Texts, Of(("room-1", "room-1 (running)")));

    private static string Escape(string text) =>
        string.Concat(text.Take(20).Select(c => char.IsControl(c) || char.IsSurrogate(c) ? $"\\u{(int)c:x4}" : c.ToString())) + (text.Length > 20 ? "..." : string.Empty);
}
