using System.Globalization;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Testing;
using Omnichannel.Agents;
using Omnichannel.Contacts;
using Omnichannel.Conversations;
using Omnichannel.Workspace.Tests.Calls;
using Omnichannel.Departments;
using Omnichannel.Operations;
using Omnichannel.Outbox;
using Omnichannel.Storage;
using Omnichannel.Testing;
using Omnichannel.Workspace.Calls;
using Omnichannel.Workspace.CannedResponses;
using Omnichannel.Workspace.Contacts;
using Omnichannel.Workspace.Search;

namespace Omnichannel.Core.Tests.BadInput;

/// <summary>
/// A small contact center wired as a host would (AddOmnichannel) on stores that count their writes, with a conversation in
/// every state and a call, a canned response, agents of every kind: the target of the hostile-input property tests.
/// Built fresh for every generated call, so that each one starts from the same state.
/// </summary>
public sealed class HostileWorld : IDisposable
{
    public static readonly Instant Start = Instant.FromUtc(2025, 1, 6, 9, 0);
    public static readonly DepartmentId Support = new("support");
    public static readonly DepartmentId Sales = new("sales");
    public static readonly AgentId Alice = new("alice");
    public static readonly AgentId Bob = new("bob");
    public static readonly AgentId Sam = new("sam");
    public static readonly AgentId Mia = new("mia");
    public static readonly AgentId Uma = new("uma");
    public static readonly ContactId Dave = new("dave");
    public static readonly ContactId Erin = new("erin");

    /// <summary>Dave's support conversation, taken by alice, who answered; a call is running in it.</summary>
    public static readonly ConversationId Taken = new("c-1");

    /// <summary>Erin's support conversation, in the queue.</summary>
    public static readonly ConversationId Queued = new("c-2");

    /// <summary>Dave's sales conversation, closed by sam.</summary>
    public static readonly ConversationId Closed = new("c-3");

    /// <summary>Erin's sales conversation, on hold with sam.</summary>
    public static readonly ConversationId OnHold = new("c-4");

    public static readonly AgentId[] KnownAgents = [Alice, Bob, Sam, Mia, Uma];
    public static readonly ContactId[] KnownContacts = [Dave, Erin];

    private readonly ServiceProvider _provider;

    private readonly IAsyncDisposable? _owner;

    private HostileWorld(ServiceProvider provider, IAsyncDisposable? owner)
    {
        _provider = provider;
        _owner = owner;
    }

    public FakeClock Clock { get; private init; } = null!;

    public WriteJournal Journal { get; private init; } = null!;

    public IServiceProvider Services => _provider;

    /// <summary>The canned response "!hi" (public), created by the host.</summary>
    public CannedResponse CannedResponse { get; private set; } = null!;

    public IConversationService Conversations => Get<IConversationService>();

    public T Get<T>()
        where T : notnull => _provider.GetRequiredService<T>();

    /// <summary>
    /// Builds and seeds a world; <paramref name="extra"/> adds services (transcripts) after AddOmnichannel;
    /// <paramref name="stores"/> supplies the stores (SQLite, PostgreSQL), in memory when null.
    /// </summary>
    public static async Task<HostileWorld> CreateAsync(Action<IServiceCollection>? extra = null, Func<IClock, Task<HostileStores>>? stores = null)
    {
        var journal = new WriteJournal();
        var clock = new FakeClock(Start);
        var chosen = stores is null ? HostileStores.InMemory(clock) : await stores(clock);
        var conversations = new CountingConversationStore(chosen.Conversations, chosen.Outbox, chosen.Lists, journal);
        var services = new ServiceCollection()
            .AddSingleton<IClock>(clock)
            .AddSingleton<IConversationIdGenerator>(new SequentialConversationIdGenerator())
            .AddSingleton<ICallProvider>(new FakeCallProvider())
            .AddSingleton<IConversationStore>(conversations)
            .AddSingleton<IOutboxStore>(conversations)
            .AddSingleton<IAgentStore>(new CountingAgentStore(chosen.Agents, journal))
            .AddSingleton<IDepartmentStore>(new CountingDepartmentStore(chosen.Departments, journal))
            .AddSingleton<IContactStore>(new CountingContactStore(chosen.Contacts, journal))
            .AddSingleton<ICannedResponseStore>(new CountingCannedResponseStore(chosen.CannedResponses, journal))
            .AddSingleton<ICallStore>(new CountingCallStore(chosen.Calls, journal))
            .AddOmnichannel()
            .AddOmnichannelWorkspace();
        extra?.Invoke(services);
        var world = new HostileWorld(services.BuildServiceProvider(), chosen.Owner) { Clock = clock, Journal = journal };
        await world.SeedAsync();
        return world;
    }

    private async Task SeedAsync()
    {
        var departments = Get<IDepartmentService>();
        Ok(await departments.SaveAsync(new Department { Id = Sales, Name = "Sales" }));
        Ok(await departments.SaveAsync(new Department { Id = Support, Name = "Support", ClosingTags = ["billing", "bug"], ForwardTargets = [Sales] }));
        var agents = Get<IAgentService>();
        Ok(await agents.RegisterAsync(Agent(Alice, Support) with { DisplayName = "Alice Lee", Email = "alice@desk.example", Permissions = AgentPermissions.DefaultAgent | AgentPermissions.CreateCannedResponse | AgentPermissions.RequestPdfTranscript }));
        Ok(await agents.RegisterAsync(Agent(Bob, Support)));
        Ok(await agents.RegisterAsync(Agent(Sam, Sales)));
        Ok(await agents.RegisterAsync(Agent(Mia, Support) with { Roles = AgentRoles.Agent | AgentRoles.Manager, Permissions = AgentPermissions.DefaultManager }));
        Ok(await agents.RegisterAsync(Agent(Uma, Support) with { Roles = AgentRoles.None, Departments = [] }));
        var contacts = Get<IContactService>();
        Ok(await contacts.RegisterAsync(new Contact { Id = Dave, Name = "Dave Doe", Emails = ["dave@example.com"], Phones = ["+1 555 010 2030"] }));
        Ok(await contacts.RegisterAsync(new Contact { Id = Erin, Name = "Erin" }));

        var service = Conversations;
        Ok(await service.ReceiveContactMessageAsync(Dave, Support, "My invoice is wrong.", [new Attachment("invoice.pdf", "application/pdf", 1_024, "https://files.example.com/invoice.pdf")]));
        Ok(await service.TakeAsync(Taken, Alice));
        Ok(await service.PostAgentMessageAsync(Taken, Alice, "Let me check."));
        Ok(await service.ReceiveContactMessageAsync(Erin, Support, "Hello?"));
        Ok(await service.ReceiveContactMessageAsync(Dave, Sales, "A quote, please."));
        Ok(await service.TakeAsync(Closed, Sam));
        Ok(await service.PostAgentMessageAsync(Closed, Sam, "Here it is."));
        Ok(await service.CloseAsync(Closed, Actor.Agent(Sam)));
        Ok(await service.ReceiveContactMessageAsync(Erin, Sales, "Pricing?"));
        Ok(await service.TakeAsync(OnHold, Sam));
        Ok(await service.PostAgentMessageAsync(OnHold, Sam, "One moment."));
        Ok(await service.PlaceOnHoldAsync(OnHold, Sam));
        Ok(await Get<ICallService>().StartCallAsync(Taken, Alice));
        CannedResponse = Ok(await Get<ICannedResponseService>().CreateAsync(Actor.System, new CannedResponseDraft { Shortcut = "hi", Text = "Hello {{contact.name}}, I am {{agent.name}}.", Scope = CannedResponseScope.Public }));
        Clock.Advance(Duration.FromMinutes(1));
    }

    private static Agent Agent(AgentId id, DepartmentId department) =>
        new() { Id = id, Username = id.Value, Departments = [department], Status = AgentStatus.Available };

    private static T Ok<T>(OperationResult<T> result)
        where T : class =>
        result.Succeeded ? result.Value : throw new InvalidOperationException($"The hostile world could not be seeded: {result.Error}");

    /// <summary>
    /// Everything reachable in the stores, with versions: departments, agents, contacts, conversations with their message
    /// logs, outbox jobs and calls, canned responses, and the count of accepted writes (which also catches a write under
    /// an identifier the snapshot does not know).
    /// </summary>
    public async Task<string> SnapshotAsync()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"writes {Journal.Writes}\n");
        var departments = await Get<IDepartmentStore>().ListAsync(CancellationToken.None);
        foreach (var department in departments)
        {
            text.Append(CultureInfo.InvariantCulture, $"department {department.Id}@{department.Version}\n");
        }

        var agentStore = Get<IAgentStore>();
        var agents = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var department in departments)
        {
            foreach (var member in await agentStore.ListByDepartmentAsync(department.Id, CancellationToken.None))
            {
                agents.Add($"{member.Id}@{member.Version}");
            }
        }

        foreach (var id in KnownAgents)
        {
            if (await agentStore.GetAsync(id, CancellationToken.None) is { } agent)
            {
                agents.Add($"{agent.Id}@{agent.Version}");
            }
        }

        text.AppendJoin('\n', agents).Append('\n');
        foreach (var id in KnownContacts)
        {
            var contact = await Get<IContactStore>().GetAsync(id, CancellationToken.None);
            text.Append(CultureInfo.InvariantCulture, $"contact {id}@{contact?.Version}\n");
        }

        var store = Get<IConversationStore>();
        foreach (var conversation in await AllConversationsAsync())
        {
            var messages = 0;
            await foreach (var _ in store.StreamMessagesAsync(conversation.Id))
            {
                messages++;
            }

            var jobs = await Get<IOutboxStore>().ListByConversationAsync(conversation.Id, CancellationToken.None);
            var call = await Get<ICallStore>().GetAsync(conversation.Id, CancellationToken.None);
            text.Append(CultureInfo.InvariantCulture, $"conversation {conversation.Id}@{conversation.Version} {conversation.State} messages {messages} jobs [{string.Join(", ", jobs.Select(j => $"{j.Id}@{j.Version}"))}] call {call?.Version}\n");
        }

        var canned = await Get<ICannedResponseStore>().QueryAsync(
            new CannedResponseQuery { IncludePublic = true, Departments = [Support, Sales] }, CancellationToken.None);
        foreach (var owner in KnownAgents)
        {
            canned = [.. canned, .. await Get<ICannedResponseStore>().QueryAsync(new CannedResponseQuery { OwnerId = owner }, CancellationToken.None)];
        }

        text.AppendJoin('\n', canned.Select(r => $"canned {r.Id}@{r.Version} !{r.Shortcut}"));
        return text.ToString();
    }

    /// <summary>
    /// Reads every conversation back the ways agents do (room information, attachments, search, history): stored data,
    /// whatever was accepted, must never make them throw. Refusals (not allowed to see it) are fine.
    /// </summary>
    public async Task ReadEverythingBackAsync()
    {
        var search = Get<IConversationSearchService>();
        foreach (var conversation in await AllConversationsAsync())
        {
            _ = await Conversations.GetRoomInformationAsync(conversation.Id, Actor.System);
            foreach (var viewer in new[] { Mia, Sam })
            {
                _ = await search.ListAttachmentsAsync(conversation.Id, viewer);
                _ = await search.SearchMessagesAsync(conversation.Id, viewer, MessageSearchQuery.PlainText("e"));
                _ = await search.SearchMessagesAsync(conversation.Id, viewer, MessageSearchQuery.Regex(@"\w+"));
            }
        }

        foreach (var contact in KnownContacts)
        {
            _ = await Get<IContactHistoryService>().GetHistoryAsync(contact, Mia);
        }
    }

    /// <summary>Every stored conversation: those of every department and of every known contact (a query must name one).</summary>
    public async Task<IReadOnlyList<Conversation>> AllConversationsAsync()
    {
        var store = Get<IConversationStore>();
        var all = new Dictionary<ConversationId, Conversation>();
        foreach (var department in await Get<IDepartmentStore>().ListAsync(CancellationToken.None))
        {
            foreach (var conversation in await store.QueryAsync(new ConversationQuery { DepartmentId = department.Id }, CancellationToken.None))
            {
                all[conversation.Id] = conversation;
            }
        }

        foreach (var contact in KnownContacts)
        {
            foreach (var conversation in await store.QueryAsync(new ConversationQuery { ContactId = contact }, CancellationToken.None))
            {
                all[conversation.Id] = conversation;
            }
        }

        return [.. all.Values.OrderBy(c => c.Id.Value, StringComparer.Ordinal)];
    }

    public void Dispose()
    {
        _provider.Dispose();
        _owner?.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }
}
