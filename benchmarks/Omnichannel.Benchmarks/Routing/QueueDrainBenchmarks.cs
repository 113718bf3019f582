using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Omnichannel.Agents;
using Omnichannel.Contacts;
using Omnichannel.Conversations;
using Omnichannel.Departments;
using Omnichannel.Routing;
using Omnichannel.Routing.Scheduling;
using Omnichannel.Storage;
using Omnichannel.Testing.Scheduling;

namespace Omnichannel.Benchmarks.Routing;

/// <summary>
/// 100,000 queued conversations across 100 departments, dispatched to 10,000 available agents with room for all
/// (100 per department, 10 each): the router starts over stores that already hold them (as after a restart) and
/// drains every queue through the public assignment path. Target: under 1 second.
/// Baseline: the same drain done the way a query-per-decision router does it, through the same conversation
/// service and stores: for each queued conversation, count every member's open conversations, keep those under
/// capacity, sort, assign the first.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class QueueDrainBenchmarks
{
    private const int Departments = 100;
    private const int AgentsPerDepartment = 100;
    private const int ConversationsPerDepartment = 1000;
    private static readonly Instant Start = Instant.FromUtc(2026, 1, 1, 9, 0);
    private ServiceProvider _services = null!;

    [IterationSetup(Target = nameof(DrainAllQueues))]
    public void SetupWithRouting() => Setup(withRouting: true);

    [IterationSetup(Target = nameof(QueryPerDecision))]
    public void SetupWithoutRouting() => Setup(withRouting: false);

    private void Setup(bool withRouting)
    {
        _services?.Dispose();
        var time = new VirtualScheduler(Start);
        var services = new ServiceCollection()
            .AddSingleton<IClock>(time)
            .AddSingleton<IScheduler>(time)
            .AddOmnichannel(o => o.AlertAgentsOnQueue = false);
        if (withRouting)
        {
            services.AddOmnichannelRouting(r => r.UseLoadBalancing());
        }

        _services = services.BuildServiceProvider();

        // Fill the stores directly: no events, so the router has not seen anything before StartAsync.
        var departments = _services.GetRequiredService<IDepartmentStore>();
        var agents = _services.GetRequiredService<IAgentStore>();
        var conversations = _services.GetRequiredService<IConversationStore>();
        var contacts = _services.GetRequiredService<IContactStore>();
        for (var d = 0; d < Departments; d++)
        {
            var department = new DepartmentId($"d{d:D3}");
            departments.SaveAsync(new Department { Id = department, Name = department.Value, MaxChatsPerAgent = 10 }, default).AsTask().GetAwaiter().GetResult();
            for (var a = 0; a < AgentsPerDepartment; a++)
            {
                var id = $"{department}-a{a:D3}";
                agents.SaveAsync(new Agent { Id = new AgentId(id), Username = id, Departments = [department], Status = AgentStatus.Available, StatusChangedAt = Start }, default).AsTask().GetAwaiter().GetResult();
            }

            for (var c = 0; c < ConversationsPerDepartment; c++)
            {
                var contact = new ContactId($"{department}-k{c:D4}");
                contacts.SaveAsync(new Contact { Id = contact, Name = contact.Value }, default).AsTask().GetAwaiter().GetResult();
                var queuedAt = Start + Duration.FromMilliseconds(c);
                conversations.CreateOrGetOpenAsync(new ConversationWrite(new Conversation
                {
                    Id = new ConversationId($"{department}-c{c:D4}"),
                    ContactId = contact,
                    DepartmentId = department,
                    CreatedAt = queuedAt,
                    QueuedAt = queuedAt,
                }), default).AsTask().GetAwaiter().GetResult();
            }
        }
    }

    [IterationCleanup]
    public void Cleanup() => _services?.Dispose();

    [Benchmark(Baseline = true, Description = "Baseline: query per decision")]
    public async Task QueryPerDecision()
    {
        var service = _services.GetRequiredService<Omnichannel.Conversations.IConversationService>();
        var agents = _services.GetRequiredService<IAgentStore>();
        var conversations = _services.GetRequiredService<IConversationStore>();
        var candidates = new List<(AgentId Agent, int Open)>();
        for (var d = 0; d < Departments; d++)
        {
            var department = new DepartmentId($"d{d:D3}");
            var members = await agents.ListByDepartmentAsync(department, default);
            var queued = await conversations.QueryAsync(new ConversationQuery { DepartmentId = department, States = [ConversationState.Queued] }, default);
            foreach (var conversation in queued)
            {
                candidates.Clear();
                foreach (var member in members)
                {
                    var open = await conversations.CountServedAsync(member.Id, department, false, default);
                    if (member.Status == AgentStatus.Available && open < 10)
                    {
                        candidates.Add((member.Id, open));
                    }
                }

                candidates.Sort(static (x, y) => x.Open != y.Open ? x.Open.CompareTo(y.Open) : string.CompareOrdinal(x.Agent.Value, y.Agent.Value));
                if (candidates.Count > 0)
                {
                    await service.AssignAsync(conversation.Id, candidates[0].Agent);
                }
            }
        }
    }

    [Benchmark(Description = "Start over 100,000 queued and drain them")]
    public async Task DrainAllQueues()
    {
        var routing = _services.GetRequiredService<IRoutingService>();
        await routing.DispatchAsync();
    }
}
