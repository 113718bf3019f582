using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Omnichannel.Agents;
using Omnichannel.Contacts;
using Omnichannel.Conversations;
using Omnichannel.Departments;
using Omnichannel.Lifecycle;
using Omnichannel.Notifications;
using Omnichannel.Operations;
using Omnichannel.Storage;

namespace Omnichannel.Benchmarks.Lifecycle;

/// <summary>
/// One whole manual lifecycle through the public API, wired with <c>services.AddOmnichannel()</c> and the in-memory
/// store: a contact's first message opens a conversation, an agent takes it, answers, and closes it.
/// </summary>
/// <remarks>
/// Every lifecycle needs a new conversation, and the in-memory store keeps closed ones, so each iteration starts
/// from a fresh container (<see cref="IterationSetup"/>, not measured) and one invocation runs <see cref="Batch"/>
/// lifecycles; figures are per lifecycle. The baseline fires the same lifecycle's transitions (Take, Close) through
/// a new Stateless machine per conversation, which is what the library would cost with one machine per
/// conversation and no storage, validation or events at all.
/// </remarks>
[MemoryDiagnoser]
[MedianColumn]
[InvocationCount(1)]
public class ManualLifecycleBenchmarks
{
    private const int Batch = 40_000;
    private const int ContactCount = 16;
    private const int AgentCount = 4;

    private static readonly DepartmentId Support = new("support");
    private static readonly ContactId[] Contacts = [.. Enumerable.Range(0, ContactCount).Select(i => new ContactId($"contact-{i}"))];
    private static readonly AgentId[] Agents = [.. Enumerable.Range(0, AgentCount).Select(i => new AgentId($"agent-{i}"))];

    private readonly Conversation _template = new()
    {
        Id = new ConversationId("baseline"),
        ContactId = Contacts[0],
        DepartmentId = Support,
        CreatedAt = Instant.FromUnixTimeSeconds(0),
        QueuedAt = Instant.FromUnixTimeSeconds(0),
    };

    private readonly StatelessTriggers _triggers = new();
    private ServiceProvider? _plain;
    private ServiceProvider? _withPublisher;
    private IConversationService _plainService = null!;
    private IConversationService _publishingService = null!;

    [IterationSetup]
    public void IterationSetup()
    {
        _plain?.Dispose();
        _withPublisher?.Dispose();
        (_plain, _plainService) = CreateWorld(publisher: false);
        (_withPublisher, _publishingService) = CreateWorld(publisher: true);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _plain?.Dispose();
        _withPublisher?.Dispose();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Batch, Description = "Stateless machine per conversation (Take, Close)")]
    public ConversationState StatelessMachinePerConversation()
    {
        var state = ConversationState.Queued;
        for (var i = 0; i < Batch; i++)
        {
            var machine = ConversationLifecycle.CreateMachine(ConversationState.Queued);
            machine.Fire(_triggers.Take, _template);
            machine.Fire(_triggers.Close, _template);
            state = machine.State;
        }

        return state;
    }

    [Benchmark(OperationsPerInvoke = Batch, Description = "Lifecycle, no publisher")]
    public Task<Conversation> LifecycleWithoutPublisher() => RunBatchAsync(_plainService);

    [Benchmark(OperationsPerInvoke = Batch, Description = "Lifecycle, one no-op publisher")]
    public Task<Conversation> LifecycleWithNoOpPublisher() => RunBatchAsync(_publishingService);

    private static async Task<Conversation> RunBatchAsync(IConversationService service)
    {
        Conversation closed = null!;
        for (var i = 0; i < Batch; i++)
        {
            var contact = Contacts[i % ContactCount];
            var agent = Agents[i % AgentCount];
            var opened = (await service.ReceiveContactMessageAsync(contact, Support, "Hello, my invoice is wrong.")).GetValueOrThrow();
            (await service.TakeAsync(opened.Id, agent)).GetValueOrThrow();
            (await service.PostAgentMessageAsync(opened.Id, agent, "Let me check that for you.")).GetValueOrThrow();
            closed = (await service.CloseAsync(opened.Id, Actor.Agent(agent))).GetValueOrThrow();
        }

        return closed;
    }

    private static (ServiceProvider Provider, IConversationService Service) CreateWorld(bool publisher)
    {
        var services = new ServiceCollection().AddOmnichannel();
        if (publisher)
        {
            services.AddSingleton<IDomainEventPublisher, NoOpPublisher>();
        }

        var provider = services.BuildServiceProvider();
        SeedAsync(provider).AsTask().GetAwaiter().GetResult();
        return (provider, provider.GetRequiredService<IConversationService>());
    }

    private static async ValueTask SeedAsync(IServiceProvider provider)
    {
        (await provider.GetRequiredService<IDepartmentService>().SaveAsync(new Department { Id = Support, Name = "Support", MaxChatsPerAgent = 8 })).GetValueOrThrow();
        var agents = provider.GetRequiredService<IAgentService>();
        foreach (var agent in Agents)
        {
            (await agents.RegisterAsync(new Agent { Id = agent, Username = agent.Value, Departments = [Support], Status = AgentStatus.Available, MaxSimultaneousConversations = 8 })).GetValueOrThrow();
        }

        var contacts = provider.GetRequiredService<IContactStore>();
        foreach (var contact in Contacts)
        {
            await contacts.SaveAsync(new Contact { Id = contact, Name = contact.Value }, CancellationToken.None);
        }
    }

    private sealed class NoOpPublisher : IDomainEventPublisher
    {
        public ValueTask PublishAsync(DomainEvent domainEvent, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }
}
