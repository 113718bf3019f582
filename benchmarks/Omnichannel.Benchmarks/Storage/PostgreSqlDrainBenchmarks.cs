using System.Diagnostics.Metrics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Omnichannel.Agents;
using Omnichannel.Contacts;
using Omnichannel.Conversations;
using Omnichannel.Departments;
using Omnichannel.Operations;
using Omnichannel.Routing;
using Omnichannel.Storage;
using Omnichannel.Tests.PostgreSql;

namespace Omnichannel.Benchmarks.Storage;

/// <summary>
/// 10,000 queued conversations (10 departments of 1,000) drained to 1,000 available agents (100 per department, room
/// for 10 each) on PostgreSQL: the router starts over a database that already holds them, as after a restart, and
/// dispatches every queue. Baseline: the same 10,000 assignments through <see cref="IConversationService.AssignAsync"/>
/// with the agent chosen in advance (the cost of the writes alone, no routing). Database round trips per assignment
/// are counted from Npgsql's own metrics (<c>db.client.operation.duration</c>, one measurement per command) and printed.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 0, iterationCount: 3)]
public class PostgreSqlDrainBenchmarks : IDisposable
{
    private const int Departments = 10;
    private const int AgentsPerDepartment = 100;
    private const int ConversationsPerDepartment = 1_000;
    private const int Conversations = Departments * ConversationsPerDepartment;

    private PostgresCluster _cluster = null!;
    private ServiceProvider? _provider;
    private MeterListener? _listener;
    private long _commands;

    [GlobalSetup]
    public void Setup() => _cluster = PostgresCluster.StartAsync(durable: true).GetAwaiter().GetResult();

    [GlobalCleanup]
    public void Cleanup()
    {
        _provider?.Dispose();
        _listener?.Dispose();
        _cluster.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            _provider?.Dispose();
            _listener?.Dispose();
        }
    }

    [IterationSetup(Target = nameof(RouterDrain))]
    public void SetupRouted() => Fill(withRouting: true);

    [IterationSetup(Target = nameof(AssignmentsAlone))]
    public void SetupUnrouted() => Fill(withRouting: false);

    [IterationCleanup]
    public void Report()
    {
        Console.WriteLine($"// {Interlocked.Read(ref _commands)} database round trips for {Conversations} assignments: {Interlocked.Read(ref _commands) / (double)Conversations:F2} per assignment");
        _listener?.Dispose();
        _listener = null;
    }

    [Benchmark(Baseline = true, Description = "10,000 AssignAsync, agent chosen in advance")]
    public async Task AssignmentsAlone()
    {
        var service = _provider!.GetRequiredService<IConversationService>();
        for (var d = 0; d < Departments; d++)
        {
            for (var c = 0; c < ConversationsPerDepartment; c++)
            {
                (await service.AssignAsync(new ConversationId($"d{d}-c{c:D4}"), new AgentId($"d{d}-a{c % AgentsPerDepartment:D3}"))).GetValueOrThrow();
            }
        }
    }

    [Benchmark(Description = "router starts over 10,000 queued and drains them")]
    public async Task RouterDrain()
    {
        await _provider!.GetRequiredService<IRoutingService>().DispatchAsync();
        var left = await _provider!.GetRequiredService<IConversationStore>().QueryAsync(new ConversationQuery { DepartmentId = new DepartmentId("d0"), States = [ConversationState.Queued] }, CancellationToken.None);
        if (left.Count != 0)
        {
            throw new InvalidOperationException($"{left.Count} conversations of d0 are still queued after the drain.");
        }
    }

    private void Fill(bool withRouting) => Task.Run(async () =>
    {
        _provider?.Dispose();
        var database = await _cluster.CreateDatabaseAsync();
        var services = new ServiceCollection()
            .AddOmnichannel(o => { o.AlertAgentsOnQueue = false; o.AcceptConversationsWithNoAgentsOnline = true; })
            .AddOmnichannelPostgreSql(_cluster.ConnectionString(database));
        if (withRouting)
        {
            services.AddOmnichannelRouting(r => r.UseLoadBalancing());
        }

        _provider = services.BuildServiceProvider();
        var start = Instant.FromUtc(2026, 1, 1, 9, 0);
        var departments = _provider.GetRequiredService<IDepartmentStore>();
        var agents = _provider.GetRequiredService<IAgentStore>();
        var contacts = _provider.GetRequiredService<IContactStore>();
        var conversations = _provider.GetRequiredService<IConversationStore>();
        for (var d = 0; d < Departments; d++)
        {
            var department = new DepartmentId($"d{d}");
            await departments.SaveAsync(new Department { Id = department, Name = department.Value, MaxChatsPerAgent = 10 }, CancellationToken.None);
            for (var a = 0; a < AgentsPerDepartment; a++)
            {
                var id = $"d{d}-a{a:D3}";
                await agents.SaveAsync(new Agent { Id = new AgentId(id), Username = id, Departments = [department], Status = AgentStatus.Available, StatusChangedAt = start }, CancellationToken.None);
            }

            for (var c = 0; c < ConversationsPerDepartment; c++)
            {
                var contact = new ContactId($"d{d}-k{c:D4}");
                await contacts.SaveAsync(new Contact { Id = contact, Name = contact.Value }, CancellationToken.None);
                var at = start + Duration.FromMilliseconds(c);
                await conversations.CreateOrGetOpenAsync(new ConversationWrite(new Conversation
                {
                    Id = new ConversationId($"d{d}-c{c:D4}"),
                    ContactId = contact,
                    DepartmentId = department,
                    CreatedAt = at,
                    QueuedAt = at,
                }), CancellationToken.None);
            }
        }

        Interlocked.Exchange(ref _commands, 0);
        _listener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == "Npgsql" && instrument.Name == "db.client.operation.duration")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        _listener.SetMeasurementEventCallback<double>((_, _, _, _) => Interlocked.Increment(ref _commands));
        _listener.Start();
    }).GetAwaiter().GetResult();
}
