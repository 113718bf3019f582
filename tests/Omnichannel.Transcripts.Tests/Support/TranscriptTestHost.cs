using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Testing;
using Omnichannel.Agents;
using Omnichannel.Contacts;
using Omnichannel.Conversations;
using Omnichannel.Departments;
using Omnichannel.Operations;
using Omnichannel.Outbox;
using Omnichannel.Storage;
using Omnichannel.Testing.Transcripts;
using Omnichannel.Transcripts.Delivery;
using Omnichannel.Transcripts.DependencyInjection;
using Omnichannel.Transcripts.Rendering;

namespace Omnichannel.Transcripts.Tests.Support;

/// <summary>The stores of one "database": several hosts built on the same instance share conversations, outbox, agents and contacts.</summary>
public sealed record SharedStorage(InMemoryConversationStore Conversations, InMemoryAgentStore Agents, InMemoryContactStore Contacts, InMemoryDepartmentStore Departments)
{
    public static SharedStorage Create() => new(new(), new(), new(), new());
}

/// <summary>
/// A host wired like production (AddOmnichannel + AddOmnichannelTranscripts) with a FakeClock, fake delivery ports,
/// and a support department: alice and bob (agents), mia (manager), contact carol (carol@example.com).
/// </summary>
public sealed class TranscriptTestHost : IDisposable
{
    public static readonly Instant Start = Instant.FromUtc(2024, 5, 1, 8, 0);
    public static readonly DepartmentId Support = new("support");
    public static readonly AgentId Alice = new("alice");
    public static readonly AgentId Bob = new("bob");
    public static readonly AgentId Mia = new("mia");
    public static readonly ContactId Carol = new("carol");

    private TranscriptTestHost(ServiceProvider services, SharedStorage storage, FakeClock clock, InMemoryTranscriptEmailSender email, InMemoryTranscriptDirectMessageSender directMessages)
    {
        Services = services;
        Storage = storage;
        Clock = clock;
        Email = email;
        DirectMessages = directMessages;
    }

    public ServiceProvider Services { get; }

    public SharedStorage Storage { get; }

    public FakeClock Clock { get; }

    public InMemoryTranscriptEmailSender Email { get; }

    public InMemoryTranscriptDirectMessageSender DirectMessages { get; }

    public IConversationService Conversations => Services.GetRequiredService<IConversationService>();

    public ITranscriptService Transcripts => Services.GetRequiredService<ITranscriptService>();

    public TranscriptDeliveryWorker Worker => Services.GetRequiredService<TranscriptDeliveryWorker>();

    public IOutboxStore Outbox => Services.GetRequiredService<IOutboxStore>();

    /// <summary>Builds a host. Pass the storage, clock and ports of another host to simulate a restart or a second process.</summary>
    public static async Task<TranscriptTestHost> CreateAsync(
        Action<TranscriptOptions>? configure = null,
        SharedStorage? storage = null,
        FakeClock? clock = null,
        InMemoryTranscriptEmailSender? email = null,
        InMemoryTranscriptDirectMessageSender? directMessages = null,
        Action<IServiceCollection>? services = null,
        bool fakePdf = true,
        bool seed = true,
        string workerName = "worker-1")
    {
        var shared = storage ?? SharedStorage.Create();
        var fakeClock = clock ?? new FakeClock(Start);
        var sender = email ?? new InMemoryTranscriptEmailSender();
        var messenger = directMessages ?? new InMemoryTranscriptDirectMessageSender();
        var collection = new ServiceCollection()
            .AddSingleton<IClock>(fakeClock)
            .AddSingleton(shared.Conversations)
            .AddSingleton<IConversationStore>(shared.Conversations)
            .AddSingleton<IOutboxStore>(shared.Conversations)
            .AddSingleton<IAgentStore>(shared.Agents)
            .AddSingleton<IContactStore>(shared.Contacts)
            .AddSingleton<IDepartmentStore>(shared.Departments)
            .AddSingleton<ITranscriptEmailSender>(sender)
            .AddSingleton<ITranscriptDirectMessageSender>(messenger);
        if (fakePdf)
        {
            collection.AddSingleton<ITranscriptPdfRenderer, FakePdfRenderer>();
        }

        services?.Invoke(collection);
        collection.AddOmnichannelTranscripts(o =>
        {
            o.WorkerName = workerName;
            configure?.Invoke(o);
        });
        var host = new TranscriptTestHost(collection.BuildServiceProvider(), shared, fakeClock, sender, messenger);
        if (seed)
        {
            await host.SeedAsync();
        }

        return host;
    }

    public Task SeedAsync() => SeedAsync(Services);

    /// <summary>The support department, alice, bob, mia and carol, in any container built with AddOmnichannel.</summary>
    public static async Task SeedAsync(IServiceProvider services)
    {
        var departments = services.GetRequiredService<IDepartmentService>();
        var agents = services.GetRequiredService<IAgentService>();
        (await departments.SaveAsync(new Department { Id = Support, Name = "Support" })).GetValueOrThrow();
        (await agents.RegisterAsync(new Agent { Id = Alice, Username = "alice", DisplayName = "Alice Martin", Departments = [Support], Status = AgentStatus.Available, Permissions = AgentPermissions.DefaultAgent | AgentPermissions.RequestPdfTranscript })).GetValueOrThrow();
        (await agents.RegisterAsync(new Agent { Id = Bob, Username = "bob", Departments = [Support], Status = AgentStatus.Available })).GetValueOrThrow();
        (await agents.RegisterAsync(new Agent { Id = Mia, Username = "mia", DisplayName = "Mia", Departments = [Support], Status = AgentStatus.Available, Roles = AgentRoles.Manager, Permissions = AgentPermissions.DefaultManager })).GetValueOrThrow();
        await services.GetRequiredService<IContactStore>().SaveAsync(new Contact { Id = Carol, Name = "Carol", Emails = ["carol@example.com"] }, CancellationToken.None);
    }

    public async Task UpdateAgentAsync(AgentId id, Func<Agent, Agent> change)
    {
        var agents = Services.GetRequiredService<IAgentService>();
        var agent = (await agents.GetAsync(id))!;
        (await agents.UpdateAsync(change(agent))).GetValueOrThrow();
    }

    /// <summary>Carol writes, alice takes it and answers: an open conversation served by alice.</summary>
    public async Task<ConversationId> OpenConversationAsync(ContactId? contact = null)
    {
        var conversation = (await Conversations.ReceiveContactMessageAsync(contact ?? Carol, Support, "Hello, my invoice is wrong.")).GetValueOrThrow();
        Clock.Advance(Duration.FromSeconds(30));
        (await Conversations.TakeAsync(conversation.Id, Alice)).GetValueOrThrow();
        Clock.Advance(Duration.FromSeconds(15));
        (await Conversations.PostAgentMessageAsync(conversation.Id, Alice, "Let me check that for you.")).GetValueOrThrow();
        return conversation.Id;
    }

    public async Task<Conversation> CloseAsync(ConversationId conversation, Actor? actor = null, TranscriptChoices choices = default) =>
        (await Conversations.CloseAsync(conversation, actor ?? Actor.Agent(Alice), new CloseRequest { Comment = "Solved", Transcript = choices })).GetValueOrThrow();

    public async Task<IReadOnlyList<OutboxMessage>> JobsAsync(ConversationId conversation, string kind) =>
        (await Outbox.ListByConversationAsync(conversation, CancellationToken.None)).Where(j => j.Kind == kind).ToList();

    public void Dispose() => Services.Dispose();
}
