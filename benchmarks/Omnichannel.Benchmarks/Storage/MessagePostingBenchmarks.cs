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
/// Posting an agent message through <see cref="IConversationService"/> to a conversation that holds one message
/// (the baseline) and to one that already holds 10,000, on each store. Messages live in a log beside the
/// conversation record, so the cost must not grow with the length of the conversation (issue target: at most 1.5x,
/// time and bytes).
/// </summary>
/// <remarks>
/// Messages cannot be removed, so the short conversation is replaced by a fresh one before every iteration
/// (<see cref="IterationSetup"/>, not measured): it holds 1 to <see cref="PostsPerIteration"/> messages while
/// measured, the long one 10,000 and more.
/// </remarks>
[MemoryDiagnoser]
[MedianColumn]
[InvocationCount(PostsPerIteration)]
public class MessagePostingBenchmarks
{
    private const int PostsPerIteration = 512;
    private const int LongConversationMessages = 10_000;

    private static readonly DepartmentId Support = new("support");
    private static readonly AgentId Alice = new("alice");

    private BenchmarkStores.World _world = null!;
    private IConversationService _service = null!;
    private ConversationId _short;
    private ConversationId _long;
    private int _iteration;

    /// <summary>The store under test.</summary>
    [Params(BenchmarkStores.Memory, BenchmarkStores.Sqlite)]
    public string Store { get; set; } = BenchmarkStores.Memory;

    [GlobalSetup]
    public void Setup()
    {
        _world = BenchmarkStores.Create(Store);
        _service = _world.Provider.GetRequiredService<IConversationService>();
        Run(async () =>
        {
            (await _world.Provider.GetRequiredService<IDepartmentService>().SaveAsync(new Department { Id = Support, Name = "Support" })).GetValueOrThrow();
            (await _world.Provider.GetRequiredService<IAgentService>().RegisterAsync(new Agent { Id = Alice, Username = "alice", Departments = [Support], Status = AgentStatus.Available })).GetValueOrThrow();
            _long = await OpenTakenAsync("long-contact");
            for (var i = 1; i < LongConversationMessages; i++)
            {
                (await _service.PostAgentMessageAsync(_long, Alice, $"Earlier answer {i}.")).GetValueOrThrow();
            }
        });
    }

    [IterationSetup]
    public void IterationSetup() => Run(async () => _short = await OpenTakenAsync($"short-contact-{_iteration++}"));

    [GlobalCleanup]
    public void Cleanup() => _world.Dispose();

    [Benchmark(Baseline = true, Description = "post to a conversation of 1 message")]
    public ValueTask<OperationResult<Conversation>> PostToShortConversation() =>
        _service.PostAgentMessageAsync(_short, Alice, "Let me check that for you.");

    [Benchmark(Description = "post to a conversation of 10,000 messages")]
    public ValueTask<OperationResult<Conversation>> PostToLongConversation() =>
        _service.PostAgentMessageAsync(_long, Alice, "Let me check that for you.");

    private async Task<ConversationId> OpenTakenAsync(string contactId)
    {
        var contact = new ContactId(contactId);
        await _world.Provider.GetRequiredService<IContactStore>().SaveAsync(new Contact { Id = contact, Name = contactId }, CancellationToken.None);
        var opened = (await _service.ReceiveContactMessageAsync(contact, Support, "Hello, my invoice is wrong.")).GetValueOrThrow();
        (await _service.TakeAsync(opened.Id, Alice)).GetValueOrThrow();
        return opened.Id;
    }

    private static void Run(Func<Task> work) => work().GetAwaiter().GetResult();
}
