using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Omnichannel.Agents;
using Omnichannel.Contacts;
using Omnichannel.Conversations;
using Omnichannel.Departments;
using Omnichannel.Operations;
using Xunit.Abstractions;

namespace Omnichannel.Storage.PostgreSql.Tests;

/// <summary>
/// The round trips (commands, counted from Npgsql's own metric <c>db.client.operation.duration</c>) each step of a manual
/// lifecycle costs once the process has seen the agent and the department: what is decided from remembered reads costs
/// none, because <c>omnichannel_save_conversation</c> refuses anything decided from a stale one.
/// </summary>
public sealed class LifecycleRoundTripCountTests(StorageFixture fixture, ITestOutputHelper output) : IClassFixture<StorageFixture>
{
    private static readonly DepartmentId Support = new("support");
    private static readonly AgentId Alice = new("alice");

    [Fact]
    public async Task A_lifecycle_costs_one_round_trip_per_write_and_per_unremembered_read()
    {
        var connectionString = await fixture.CreateDatabaseAsync();
        var database = new NpgsqlConnectionStringBuilder(connectionString).Database!;
        await using var provider = new ServiceCollection()
            .AddOmnichannel(o => o.AcceptConversationsWithNoAgentsOnline = true)
            .AddOmnichannelPostgreSql(connectionString)
            .BuildServiceProvider();
        foreach (var hosted in provider.GetServices<IHostedService>())
        {
            await hosted.StartAsync(CancellationToken.None);
        }

        (await provider.GetRequiredService<IDepartmentService>().SaveAsync(new Department { Id = Support, Name = "Support" })).GetValueOrThrow();
        (await provider.GetRequiredService<IAgentService>().RegisterAsync(new Agent { Id = Alice, Username = "alice", Departments = [Support], Status = AgentStatus.Available })).GetValueOrThrow();
        foreach (var contact in new[] { "k-1", "k-2" })
        {
            await provider.GetRequiredService<IContactStore>().SaveAsync(new Contact { Id = new ContactId(contact), Name = contact }, CancellationToken.None);
        }

        var service = provider.GetRequiredService<IConversationService>();
        using var commands = new CommandCounter(database);
        await LifecycleAsync(service, commands, new ContactId("k-1")); // warms what the process remembers
        var counts = await LifecycleAsync(service, commands, new ContactId("k-2"));

        output.WriteLine($"round trips: receive {counts.Receive}, take {counts.Take}, agent message {counts.Message}, close {counts.Close}");
        // Before the take, agent message and close decided from GetForChangeAsync: receive 3, take 2, agent message 2, close 5.
        Assert.Equal(3, counts.Receive); // contact, department (a new conversation checks no version of them), omnichannel_create_conversation
        Assert.Equal(1, counts.Take); // omnichannel_save_conversation: versions of conversation, agent and department checked in it
        Assert.Equal(1, counts.Message);
        Assert.Equal(1, counts.Close);
    }

    private static async Task<(long Receive, long Take, long Message, long Close)> LifecycleAsync(IConversationService service, CommandCounter commands, ContactId contact)
    {
        var before = commands.Count;
        var opened = (await service.ReceiveContactMessageAsync(contact, Support, "Hello, my invoice is wrong.")).GetValueOrThrow();
        var received = commands.Count;
        (await service.TakeAsync(opened.Id, Alice)).GetValueOrThrow();
        var taken = commands.Count;
        (await service.PostAgentMessageAsync(opened.Id, Alice, "Let me check that for you.")).GetValueOrThrow();
        var answered = commands.Count;
        (await service.CloseAsync(opened.Id, Actor.Agent(Alice))).GetValueOrThrow();
        var closed = commands.Count;
        return (received - before, taken - received, answered - taken, closed - answered);
    }

    /// <summary>Counts Npgsql's command measurements whose tags name <c>database</c> (other tests run beside this one).</summary>
    private sealed class CommandCounter : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly string _database;
        private long _count;

        public CommandCounter(string database)
        {
            _database = database;
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == "Npgsql" && instrument.Name == "db.client.operation.duration")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<double>((_, _, tags, _) => CountIfOurs(tags));
            _listener.Start();
        }

        public long Count => Interlocked.Read(ref _count);

        private void CountIfOurs(ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            foreach (var tag in tags)
            {
                if (tag.Value is string value && value.Contains(_database, StringComparison.Ordinal))
                {
                    Interlocked.Increment(ref _count);
                    return;
                }
            }
        }

        public void Dispose() => _listener.Dispose();
    }
}
