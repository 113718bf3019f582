using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Testing;
using Omnichannel.Agents;
using Omnichannel.Contacts;
using Omnichannel.Conversations;
using Omnichannel.Core.Tests.TestSupport;
using Omnichannel.Departments;
using Omnichannel.Operations;
using Omnichannel.Storage;
using Omnichannel.Workspace.Calls;
using Omnichannel.Workspace.CannedResponses;
using Omnichannel.Workspace.Contacts;
using Omnichannel.Workspace.Search;

namespace Omnichannel.Workspace.Tests;

/// <summary>
/// The library wired as a host would (AddOmnichannel, in-memory stores, a <see cref="FakeClock"/>), with the agent's
/// workspace services and a small world: departments support and sales; alice (support agent who may create canned
/// responses), bob (plain support agent), sam (sales agent), mia (support manager), uma (a user without omnichannel
/// role); contacts dave (name, email, phone) and erin (name only).
/// </summary>
public sealed class WorkspaceHarness : IDisposable
{
    public static readonly Instant Start = Instant.FromUtc(2025, 1, 6, 9, 0);

    // The standard world's identifiers (TestSupport/Ids), plus the user without an omnichannel role.
    public static readonly DepartmentId Support = Ids.Support;
    public static readonly DepartmentId Sales = Ids.Sales;
    public static readonly AgentId Alice = Ids.Alice;
    public static readonly AgentId Bob = Ids.Bob;
    public static readonly AgentId Sam = Ids.Sam;
    public static readonly AgentId Mia = Ids.Mia;
    public static readonly AgentId Uma = new("uma");
    public static readonly ContactId Dave = Ids.Dave;
    public static readonly ContactId Erin = Ids.Erin;

    private readonly ServiceProvider _provider;

    private WorkspaceHarness(ICallProvider? callProvider, Action<IServiceCollection>? configure)
    {
        var services = new ServiceCollection().AddSingleton<IClock>(Clock);
        if (callProvider is not null)
        {
            services.AddSingleton(callProvider);
        }

        configure?.Invoke(services);

        _provider = services.AddOmnichannel().AddOmnichannelWorkspace().BuildServiceProvider();
    }

    public FakeClock Clock { get; } = new(Start);

    public IConversationService Conversations => Get<IConversationService>();

    public IAgentService Agents => Get<IAgentService>();

    public ICannedResponseService CannedResponses => Get<ICannedResponseService>();

    public ICannedResponseStore CannedResponseStore => Get<ICannedResponseStore>();

    public IConversationSearchService Search => Get<IConversationSearchService>();

    public IContactService Contacts => Get<IContactService>();

    public IContactStore ContactStore => Get<IContactStore>();

    public IContactHistoryService History => Get<IContactHistoryService>();

    public ICallService Calls => Get<ICallService>();

    public ICallStore CallStore => Get<ICallStore>();

    /// <param name="callProvider">The call app, or none.</param>
    /// <param name="services">Registrations made before the library's (a logger, a store replacing a default).</param>
    public static async Task<WorkspaceHarness> CreateAsync(ICallProvider? callProvider = null, Action<IServiceCollection>? services = null)
    {
        var harness = new WorkspaceHarness(callProvider, services);
        var departments = harness.Get<IDepartmentService>();
        (await departments.SaveAsync(new Department { Id = Support, Name = "Support" })).Ok();
        (await departments.SaveAsync(new Department { Id = Sales, Name = "Sales" })).Ok();
        await harness.AgentAsync(Alice, Support, a => a with { DisplayName = "Alice Lee", Email = "alice@desk.example", Permissions = AgentPermissions.DefaultAgent | AgentPermissions.CreateCannedResponse });
        await harness.AgentAsync(Bob, Support);
        await harness.AgentAsync(Sam, Sales, a => a with { Permissions = AgentPermissions.DefaultAgent | AgentPermissions.CreateCannedResponse });
        await harness.AgentAsync(Mia, Support, a => a with { Roles = AgentRoles.Agent | AgentRoles.Manager, Permissions = AgentPermissions.DefaultManager });
        await harness.AgentAsync(Uma, Support, a => a with { Roles = AgentRoles.None, Departments = [] });
        (await harness.Contacts.RegisterAsync(new Contact { Id = Dave, Name = "Dave Doe", Emails = ["dave@example.com"], Phones = ["+1 555 010 2030"] })).Ok();
        (await harness.Contacts.RegisterAsync(new Contact { Id = Erin, Name = "Erin" })).Ok();
        return harness;
    }

    public T Get<T>()
        where T : notnull => _provider.GetRequiredService<T>();

    public async Task<Agent> AgentAsync(AgentId id, DepartmentId department, Func<Agent, Agent>? configure = null)
    {
        var agent = new Agent { Id = id, Username = id.Value, Departments = [department], Status = AgentStatus.Available };
        return (await Agents.RegisterAsync(configure is null ? agent : configure(agent))).Ok();
    }

    /// <summary>A conversation of the contact taken by <paramref name="agent"/>, with the contact's first message.</summary>
    public async Task<Conversation> TakenAsync(AgentId? agent = null, ContactId? contact = null, DepartmentId? department = null, string text = "Hello, I need help.")
    {
        var queued = (await Conversations.ReceiveContactMessageAsync(contact ?? Dave, department ?? Support, text)).Ok();
        return (await Conversations.TakeAsync(queued.Id, agent ?? Alice)).Ok();
    }

    /// <summary>A conversation where the contact and the agent exchanged the given messages (contact first), then closed by the agent.</summary>
    public async Task<Conversation> ClosedAsync(AgentId agent, ContactId contact, DepartmentId department, params string[] exchange)
    {
        var conversation = await TakenAsync(agent, contact, department, exchange.Length > 0 ? exchange[0] : "Hello");
        for (var i = 1; i < exchange.Length; i++)
        {
            Clock.Advance(Duration.FromSeconds(30));
            conversation = i % 2 == 1
                ? (await Conversations.PostAgentMessageAsync(conversation.Id, agent, exchange[i])).Ok()
                : (await Conversations.ReceiveContactMessageAsync(contact, department, exchange[i])).Ok();
        }

        Clock.Advance(Duration.FromMinutes(1));
        return (await Conversations.CloseAsync(conversation.Id, Actor.Agent(agent))).Ok();
    }

    /// <summary>Every message of a conversation's log, in order.</summary>
    public async Task<IReadOnlyList<Message>> MessagesAsync(ConversationId id)
    {
        var messages = new List<Message>();
        await foreach (var message in Get<IConversationStore>().StreamMessagesAsync(id))
        {
            messages.Add(message);
        }

        return messages;
    }

    public async Task<Conversation> ReadAsync(ConversationId id) =>
        await Conversations.GetAsync(id) ?? throw new InvalidOperationException($"Conversation '{id}' is lost.");

    public void Dispose() => _provider.Dispose();
}
