using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Omnichannel.Agents;
using Omnichannel.Contacts;
using Omnichannel.Conversations;
using Omnichannel.Departments;
using Omnichannel.DependencyInjection;
using Omnichannel.Notifications;
using Omnichannel.Operations;
using Omnichannel.Outbox;
using Omnichannel.Routing.DependencyInjection;
using Omnichannel.Routing.Scheduling;
using Omnichannel.Storage;
using Omnichannel.Testing;
using Omnichannel.Testing.Scheduling;

namespace Omnichannel.Routing.Tests.Support;

/// <summary>The stores a container uses; share one instance between two containers to simulate a restart.</summary>
internal sealed record HarnessStores(
    InMemoryConversationStore Conversations,
    InMemoryAgentStore Agents,
    InMemoryDepartmentStore Departments,
    InMemoryContactStore Contacts)
{
    public static HarnessStores CreateNew() => new(new(), new(), new(), new());
}

/// <summary>
/// A container with routing on virtual time: VirtualScheduler as IClock and IScheduler, in-memory stores, and a
/// recorder registered before the router so it sees every event in the order it was published.
/// </summary>
internal sealed class RoutingHarness : IAsyncDisposable
{
    public static readonly Instant Start = Instant.FromUtc(2026, 1, 1, 9, 0);

    private readonly System.Collections.Concurrent.ConcurrentDictionary<ContactId, bool> _contacts = new();

    private RoutingHarness(ServiceProvider services, VirtualScheduler time, RecordingDomainEventPublisher events, HarnessStores stores)
    {
        Services = services;
        Time = time;
        Events = events;
        Stores = stores;
        Conversations = services.GetRequiredService<IConversationService>();
        Agents = services.GetRequiredService<IAgentService>();
        Departments = services.GetRequiredService<IDepartmentService>();
        Routing = services.GetRequiredService<IRoutingService>();
        CoreOptions = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<OmnichannelOptions>>().Value;
        RoutingOptions = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<RoutingOptions>>().Value;
    }

    public ServiceProvider Services { get; }

    public VirtualScheduler Time { get; }

    public RecordingDomainEventPublisher Events { get; }

    public HarnessStores Stores { get; }

    public IConversationService Conversations { get; }

    public IAgentService Agents { get; }

    public IDepartmentService Departments { get; }

    public IRoutingService Routing { get; }

    public OmnichannelOptions CoreOptions { get; }

    public RoutingOptions RoutingOptions { get; }

    public static RoutingHarness Create(
        Action<RoutingBuilder>? routing = null,
        Action<OmnichannelOptions>? core = null,
        HarnessStores? stores = null,
        VirtualScheduler? time = null,
        IConversationIdGenerator? ids = null,
        Action<IServiceCollection>? services = null,
        Action<IServiceCollection>? decorate = null)
    {
        time ??= new VirtualScheduler(Start);
        stores ??= HarnessStores.CreateNew();
        var events = new RecordingDomainEventPublisher();
        var collection = new ServiceCollection()
            .AddSingleton<IClock>(time)
            .AddSingleton<IScheduler>(time)
            .AddSingleton(ids ?? new SequentialConversationIdGenerator())
            .AddSingleton(stores.Conversations)
            .AddSingleton<IConversationStore>(stores.Conversations)
            .AddSingleton<IOutboxStore>(stores.Conversations)
            .AddSingleton<IAgentStore>(stores.Agents)
            .AddSingleton<IDepartmentStore>(stores.Departments)
            .AddSingleton<IContactStore>(stores.Contacts)
            // Before the router: the recorder sees each event before the router reacts to it.
            .AddSingleton<IDomainEventPublisher>(events);
        services?.Invoke(collection);
        collection.AddOmnichannel(o => core?.Invoke(o)).AddOmnichannelRouting(routing);
        decorate?.Invoke(collection); // after the library's registrations: to wrap one of them
        return new RoutingHarness(collection.BuildServiceProvider(), time, events, stores);
    }

    public ValueTask DisposeAsync() => Services.DisposeAsync();

    public Instant Now => Time.GetCurrentInstant();

    /// <summary>
    /// Lets the router do what it was woken for: runs the work due now on the virtual clock (the dispatcher's passes, timers
    /// due now) without moving time. Routing runs off the caller's thread, so an operation returns before it; the helpers
    /// below settle after each operation, and tests that call the services directly settle before they look.
    /// </summary>
    public async Task SettleAsync() => await Time.AdvanceByAsync(Duration.Zero);

    public async Task<DepartmentId> DepartmentAsync(string id, int maxChatsPerAgent = 0, string? fallback = null)
    {
        var department = new Department
        {
            Id = new DepartmentId(id),
            Name = id,
            MaxChatsPerAgent = maxChatsPerAgent,
            FallbackDepartmentId = fallback is null ? null : new DepartmentId(fallback),
        };
        var saved = (await Departments.SaveAsync(department)).GetValueOrThrow().Id;
        await SettleAsync();
        return saved;
    }

    public async Task<AgentId> AgentAsync(string id, string[] departments, int max = 0, AgentStatus status = AgentStatus.Available, Func<Agent, Agent>? configure = null)
    {
        var agent = new Agent
        {
            Id = new AgentId(id),
            Username = id,
            Departments = [.. departments.Select(d => new DepartmentId(d))],
            MaxSimultaneousConversations = max,
            Status = status,
        };
        var registered = (await Agents.RegisterAsync(configure?.Invoke(agent) ?? agent)).GetValueOrThrow().Id;
        await SettleAsync();
        return registered;
    }

    public Task<AgentId> AgentAsync(string id, string department, int max = 0, AgentStatus status = AgentStatus.Available, Func<Agent, Agent>? configure = null) =>
        AgentAsync(id, [department], max, status, configure);

    /// <summary>An Offline manager of the departments: edits room information without ever being routed to.</summary>
    public Task<AgentId> SupervisorAsync(string id, params string[] departments) =>
        AgentAsync(id, departments, status: AgentStatus.Offline, configure: a => a with { Roles = AgentRoles.Manager, Permissions = AgentPermissions.DefaultManager });

    public async Task ContactAsync(string id, string? manager = null)
    {
        var contact = new ContactId(id);
        if (_contacts.TryAdd(contact, true) && await Stores.Contacts.GetAsync(contact, default) is null)
        {
            await Stores.Contacts.SaveAsync(new Contact { Id = contact, Name = id, ManagerId = manager is null ? null : new AgentId(manager) }, default);
        }
    }

    /// <summary>The contact writes to the department: a new conversation, or a reply to its open one there.</summary>
    public async Task<ConversationId> ArriveAsync(string contact, string department, string text = "hello")
    {
        await ContactAsync(contact);
        var id = (await Conversations.ReceiveContactMessageAsync(new ContactId(contact), new DepartmentId(department), text)).GetValueOrThrow().Id;
        await SettleAsync();
        return id;
    }

    public async Task<Conversation> GetAsync(ConversationId id) => (await Conversations.GetAsync(id))!;

    public async Task<AgentId?> ServingAsync(ConversationId id) => (await GetAsync(id)).ServingAgentId;

    public async Task<ConversationState> StateAsync(ConversationId id) => (await GetAsync(id)).State;

    public async Task SetStatusAsync(AgentId agent, AgentStatus status)
    {
        (await Agents.SetStatusAsync(agent, status)).GetValueOrThrow();
        await SettleAsync();
    }

    public async Task CloseAsync(ConversationId id)
    {
        (await Conversations.CloseAsync(id, Actor.System)).GetValueOrThrow();
        await SettleAsync();
    }

    /// <summary>The serving agent writes (so they wrote last) and places the conversation on hold.</summary>
    public async Task HoldAsync(ConversationId id)
    {
        var agent = (await ServingAsync(id))!.Value;
        (await Conversations.PostAgentMessageAsync(id, agent, "one moment")).GetValueOrThrow();
        (await Conversations.PlaceOnHoldAsync(id, agent)).GetValueOrThrow();
        await SettleAsync();
    }

    public async Task SetPriorityAsync(ConversationId id, AgentId supervisor, ConversationPriority priority)
    {
        (await Conversations.UpdateRoomInformationAsync(id, supervisor, new RoomInformationUpdate(Priority: priority))).GetValueOrThrow();
        await SettleAsync();
    }

    public async Task<IReadOnlyList<Conversation>> ServedByAsync(AgentId agent) =>
        await Stores.Conversations.QueryAsync(new ConversationQuery { ServingAgentId = agent, States = [ConversationState.Taken, ConversationState.Forwarded, ConversationState.OnHold] }, default);

    public async Task<IReadOnlyList<Conversation>> QueuedAsync(DepartmentId department) =>
        await Stores.Conversations.QueryAsync(new ConversationQuery { DepartmentId = department, States = [ConversationState.Queued] }, default);

    public async Task<ConversationId[]> QueueOrderAsync(DepartmentId department) =>
        [.. (await Routing.GetQueueAsync(department)).Select(p => p.ConversationId)];
}
