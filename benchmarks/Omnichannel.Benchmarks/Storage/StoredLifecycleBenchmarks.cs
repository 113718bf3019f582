using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using Omnichannel.Agents;
using Omnichannel.Contacts;
using Omnichannel.Conversations;
using Omnichannel.Departments;
using Omnichannel.Operations;
using Omnichannel.Storage;

namespace Omnichannel.Benchmarks.Storage;

/// <summary>
/// One whole manual lifecycle through <see cref="IConversationService"/> (a contact's first message, a take, an agent's
/// answer, a close: four writes) on the in-memory store (the baseline) and on a SQLite file in WAL mode (issue target:
/// at most 250 us). The stores keep every closed conversation, so the SQLite database grows through the run, as a
/// real one does.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class StoredLifecycleBenchmarks
{
    private const int ContactCount = 64;
    private static readonly DepartmentId Support = new("support");
    private static readonly AgentId[] Agents = [new("agent-0"), new("agent-1"), new("agent-2"), new("agent-3")];
    private static readonly ContactId[] Contacts = [.. Enumerable.Range(0, ContactCount).Select(i => new ContactId($"contact-{i}"))];

    private BenchmarkStores.World _memory = null!;
    private BenchmarkStores.World _sqlite = null!;
    private IConversationService _inMemory = null!;
    private IConversationService _onSqlite = null!;
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        (_memory, _inMemory) = Create(BenchmarkStores.Memory);
        (_sqlite, _onSqlite) = Create(BenchmarkStores.Sqlite);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _memory.Dispose();
        _sqlite.Dispose();
    }

    [Benchmark(Baseline = true, Description = "lifecycle, in memory")]
    public Task<Conversation> InMemory() => LifecycleAsync(_inMemory);

    [Benchmark(Description = "lifecycle, SQLite file (WAL)")]
    public Task<Conversation> OnSqlite() => LifecycleAsync(_onSqlite);

    private async Task<Conversation> LifecycleAsync(IConversationService service)
    {
        var i = _next++;
        var agent = Agents[i % Agents.Length];
        var opened = (await service.ReceiveContactMessageAsync(Contacts[i % ContactCount], Support, "Hello, my invoice is wrong.")).GetValueOrThrow();
        (await service.TakeAsync(opened.Id, agent)).GetValueOrThrow();
        (await service.PostAgentMessageAsync(opened.Id, agent, "Let me check that for you.")).GetValueOrThrow();
        return (await service.CloseAsync(opened.Id, Actor.Agent(agent))).GetValueOrThrow();
    }

    private static (BenchmarkStores.World World, IConversationService Service) Create(string store)
    {
        var world = BenchmarkStores.Create(store);
        var provider = world.Provider;
        Task.Run(async () =>
        {
            (await provider.GetRequiredService<IDepartmentService>().SaveAsync(new Department { Id = Support, Name = "Support" })).GetValueOrThrow();
            foreach (var agent in Agents)
            {
                (await provider.GetRequiredService<IAgentService>().RegisterAsync(new Agent { Id = agent, Username = agent.Value, Departments = [Support], Status = AgentStatus.Available })).GetValueOrThrow();
            }

            foreach (var contact in Contacts)
            {
                await provider.GetRequiredService<IContactStore>().SaveAsync(new Contact { Id = contact, Name = contact.Value }, CancellationToken.None);
            }
        }).GetAwaiter().GetResult();
        return (world, provider.GetRequiredService<IConversationService>());
    }
}
