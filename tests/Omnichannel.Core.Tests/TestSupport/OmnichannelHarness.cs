using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Testing;
using Omnichannel.Agents;
using Omnichannel.Contacts;
using Omnichannel.Conversations;
using Omnichannel.DependencyInjection;
using Omnichannel.Departments;
using Omnichannel.Operations;
using Omnichannel.Storage;
using Omnichannel.Testing;

namespace Omnichannel.Core.Tests.TestSupport;

/// <summary>
/// The library wired as a host would (AddOmnichannel, in-memory stores) with a <see cref="FakeClock"/> and a
/// <see cref="RecordingDomainEventPublisher"/> (from Omnichannel.Testing), plus helpers that build departments, agents, contacts and conversations.
/// </summary>
public sealed class OmnichannelHarness : IDisposable
{
    public static readonly Instant Start = Instant.FromUtc(2025, 1, 6, 9, 0);

    private readonly ServiceProvider _provider;

    public OmnichannelHarness(Action<OmnichannelOptions>? configure = null, Action<IServiceCollection>? services = null)
    {
        var collection = new ServiceCollection()
            .AddSingleton<IClock>(Clock)
            .AddSingleton<Omnichannel.Notifications.IDomainEventPublisher>(Events);
        services?.Invoke(collection);
        _provider = collection.AddOmnichannel(configure).BuildServiceProvider();
        Conversations = _provider.GetRequiredService<IConversationService>();
        Agents = _provider.GetRequiredService<IAgentService>();
        Departments = _provider.GetRequiredService<IDepartmentService>();
        Contacts = _provider.GetRequiredService<IContactStore>();
        Store = _provider.GetRequiredService<IConversationStore>();
        Bus = _provider.GetRequiredService<Omnichannel.Notifications.IDomainEventBus>();
    }

    public FakeClock Clock { get; } = new(Start);

    /// <summary>The container, for the services and stores the harness does not expose.</summary>
    public IServiceProvider Services => _provider;

    public RecordingDomainEventPublisher Events { get; } = new();

    public IConversationService Conversations { get; }

    public IAgentService Agents { get; }

    public IDepartmentService Departments { get; }

    public IContactStore Contacts { get; }

    public IConversationStore Store { get; }

    public Omnichannel.Notifications.IDomainEventBus Bus { get; }

    /// <summary>
    /// The standard world: departments support and sales; alice and bob (support), sam (sales), mia (manager of
    /// support), all Available; contacts dave and erin. The events of the set-up are cleared.
    /// </summary>
    public static async Task<OmnichannelHarness> CreateAsync(Action<OmnichannelOptions>? configure = null, Action<IServiceCollection>? services = null)
    {
        var harness = new OmnichannelHarness(configure, services);
        await harness.DepartmentAsync(Ids.Support);
        await harness.DepartmentAsync(Ids.Sales);
        await harness.AgentAsync(Ids.Alice, [Ids.Support]);
        await harness.AgentAsync(Ids.Bob, [Ids.Support]);
        await harness.AgentAsync(Ids.Sam, [Ids.Sales]);
        await harness.AgentAsync(Ids.Mia, [Ids.Support], a => a with { Roles = AgentRoles.Agent | AgentRoles.Manager, Permissions = AgentPermissions.DefaultManager });
        await harness.ContactAsync(Ids.Dave);
        await harness.ContactAsync(Ids.Erin);
        harness.Events.Clear();
        return harness;
    }

    public async Task<Department> DepartmentAsync(DepartmentId id, Func<Department, Department>? configure = null)
    {
        var department = new Department { Id = id, Name = id.Value };
        return (await Departments.SaveAsync(configure is null ? department : configure(department))).Ok();
    }

    /// <summary>Registers an Available agent (user name = id) of the given departments.</summary>
    public async Task<Agent> AgentAsync(AgentId id, DepartmentId[] departments, Func<Agent, Agent>? configure = null)
    {
        var agent = new Agent { Id = id, Username = id.Value, Departments = [.. departments], Status = AgentStatus.Available };
        return (await Agents.RegisterAsync(configure is null ? agent : configure(agent))).Ok();
    }

    /// <summary>Changes a saved department (reading its current version first).</summary>
    public async Task<Department> UpdateDepartmentAsync(DepartmentId id, Func<Department, Department> change)
    {
        var current = await Departments.GetAsync(id) ?? throw new InvalidOperationException($"Department '{id}' is lost.");
        return (await Departments.SaveAsync(change(current))).Ok();
    }

    public async Task<ContactId> ContactAsync(ContactId id)
    {
        await Contacts.SaveAsync(new Contact { Id = id, Name = id.Value }, CancellationToken.None);
        return id;
    }

    /// <summary>A conversation the contact just started: queued in the department.</summary>
    public async Task<Conversation> QueuedAsync(ContactId? contact = null, DepartmentId? department = null, string text = "Hello, I need help.") =>
        (await Conversations.ReceiveContactMessageAsync(contact ?? Ids.Dave, department ?? Ids.Support, text)).Ok();

    /// <summary>A conversation of the contact taken by <paramref name="agent"/>; the contact wrote last.</summary>
    public async Task<Conversation> TakenAsync(AgentId? agent = null, ContactId? contact = null, DepartmentId? department = null)
    {
        var queued = await QueuedAsync(contact, department);
        return (await Conversations.TakeAsync(queued.Id, agent ?? Ids.Alice)).Ok();
    }

    /// <summary>A taken conversation the agent answered (so it may be put on hold).</summary>
    public async Task<Conversation> AnsweredAsync(AgentId? agent = null, ContactId? contact = null, DepartmentId? department = null)
    {
        var taken = await TakenAsync(agent, contact, department);
        return (await Conversations.PostAgentMessageAsync(taken.Id, taken.ServingAgentId!.Value, "How can I help?")).Ok();
    }

    /// <summary>An answered conversation placed on hold by its agent.</summary>
    public async Task<Conversation> OnHoldAsync(AgentId? agent = null, ContactId? contact = null, DepartmentId? department = null)
    {
        var answered = await AnsweredAsync(agent, contact, department);
        return (await Conversations.PlaceOnHoldAsync(answered.Id, answered.ServingAgentId!.Value)).Ok();
    }

    /// <summary>Every message of a conversation's log, in order.</summary>
    public async Task<IReadOnlyList<Message>> MessagesAsync(ConversationId id)
    {
        var messages = new List<Message>();
        await foreach (var message in Store.StreamMessagesAsync(id))
        {
            messages.Add(message);
        }

        return messages;
    }

    public async Task<Conversation> ReadAsync(ConversationId id) =>
        await Conversations.GetAsync(id) ?? throw new InvalidOperationException($"Conversation '{id}' is lost.");

    public async Task<Agent> ReadAsync(AgentId id) =>
        await Agents.GetAsync(id) ?? throw new InvalidOperationException($"Agent '{id}' is lost.");

    /// <summary>Changes a registered agent (reading its current version first).</summary>
    public async Task<Agent> UpdateAgentAsync(AgentId id, Func<Agent, Agent> change) =>
        (await Agents.UpdateAsync(change(await ReadAsync(id)))).Ok();

    public void Dispose() => _provider.Dispose();
}
