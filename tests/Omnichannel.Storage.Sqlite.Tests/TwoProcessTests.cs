using NodaTime;
using Omnichannel.Storage.Sqlite;

using static Omnichannel.Storage.Sqlite.Tests.TestData;
using Omnichannel.Capacity;
using Omnichannel.Conversations;
using Omnichannel.Outbox;

namespace Omnichannel.Storage.Sqlite.Tests;

/// <summary>
/// Two database instances over one file, each with its own connections, stand for two processes: only SQLite's file
/// locks (BEGIN IMMEDIATE) keep their writes atomic, as between processes.
/// </summary>
public sealed class TwoProcessTests : IDisposable
{
    private const int Writers = 16;
    private readonly TemporaryDatabases _files = new();

    [Fact]
    public async Task Concurrent_takes_of_one_conversation_have_exactly_one_winner()
    {
        var (one, two) = await TwoProcessesAsync();
        var (read, _) = await one.Conversations.CreateOrGetOpenAsync(FirstMessage("c-1"), CancellationToken.None);

        var outcomes = await RaceAsync(i => (i % 2 == 0 ? one : two).Conversations.SaveAsync(new(Taken(read, $"a-{i}")), CancellationToken.None).AsTask());

        Assert.Single(outcomes, o => o.Exception is null);
        Assert.All(outcomes.Where(o => o.Exception is not null), o => Assert.IsType<ConcurrencyConflictException>(o.Exception));
        var stored = await two.Conversations.GetAsync(read.Id, CancellationToken.None);
        Assert.Equal(2, stored!.Version);
        Assert.Equal(outcomes.Single(o => o.Exception is null).Value!.ServingAgentId, stored.ServingAgentId);
    }

    [Fact]
    public async Task Concurrent_claims_by_an_agent_one_below_capacity_let_exactly_one_succeed()
    {
        const int limit = 3;
        var (one, two) = await TwoProcessesAsync();
        for (var i = 0; i < limit - 1; i++)
        {
            var (served, _) = await one.Conversations.CreateOrGetOpenAsync(FirstMessage($"served-{i}", contact: $"k-served-{i}"), CancellationToken.None);
            await one.Conversations.SaveAsync(new(Taken(served, "a-1"), Claim("a-1", limit)), CancellationToken.None);
        }

        var queued = new List<Conversations.Conversation>();
        for (var i = 0; i < Writers; i++)
        {
            queued.Add((await two.Conversations.CreateOrGetOpenAsync(FirstMessage($"queued-{i}", contact: $"k-{i}"), CancellationToken.None)).Conversation);
        }

        var outcomes = await RaceAsync(i => (i % 2 == 0 ? one : two).Conversations.SaveAsync(new(Taken(queued[i], "a-1"), Claim("a-1", limit)), CancellationToken.None).AsTask());

        Assert.Single(outcomes, o => o.Exception is null);
        Assert.All(outcomes.Where(o => o.Exception is not null), o => Assert.IsType<CapacityExceededException>(o.Exception));
        Assert.Equal(limit, await one.Conversations.CountServedAsync(new AgentId("a-1"), null, countOnHold: false, CancellationToken.None));
        Assert.Equal(limit, await two.Conversations.CountServedAsync(new AgentId("a-1"), null, countOnHold: false, CancellationToken.None));
    }

    [Fact]
    public async Task Concurrent_first_messages_from_one_contact_start_one_conversation()
    {
        var (one, two) = await TwoProcessesAsync();

        var outcomes = await RaceAsync(i => (i % 2 == 0 ? one : two).Conversations.CreateOrGetOpenAsync(FirstMessage($"c-{i}"), CancellationToken.None).AsTask());

        Assert.All(outcomes, o => Assert.Null(o.Exception));
        var created = Assert.Single(outcomes, o => o.Value.Created).Value.Conversation;
        Assert.All(outcomes, o => Assert.Equal(created.Id, o.Value.Conversation.Id));
        var stored = await two.Conversations.QueryAsync(new ConversationQuery { ContactId = new ContactId("k-1") }, CancellationToken.None);
        Assert.Equal([created.Id], stored.Select(c => c.Id));
        Assert.Single(await one.Conversations.ReadMessagesAsync(created.Id, 0, 10, CancellationToken.None));
    }

    [Fact]
    public async Task Workers_of_two_processes_never_lease_the_same_job()
    {
        var (one, two) = await TwoProcessesAsync();
        var conversation = new ConversationId("c-1");
        for (var i = 0; i < 40; i++)
        {
            await one.Outbox.EnqueueAsync(new OutboxMessage { Id = $"j-{i:D2}", Kind = "transcript.email", ConversationId = conversation, CreatedAt = Epoch, DueAt = Epoch }, CancellationToken.None);
        }

        var leased = await RaceAsync(async i =>
        {
            var outbox = (i % 2 == 0 ? one : two).Outbox;
            var mine = new List<string>();
            while (await outbox.TryLeaseAsync($"worker-{i}", Epoch, Duration.FromHours(1), null, CancellationToken.None) is { } job)
            {
                mine.Add(job.Id);
            }

            return mine;
        });

        Assert.All(leased, o => Assert.Null(o.Exception));
        var all = leased.SelectMany(o => o.Value!).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(Enumerable.Range(0, 40).Select(i => $"j-{i:D2}"), all);
    }

    [Fact]
    public async Task A_write_of_one_process_is_read_by_the_other()
    {
        var (one, two) = await TwoProcessesAsync();
        var (created, _) = await one.Conversations.CreateOrGetOpenAsync(FirstMessage("c-1"), CancellationToken.None);

        var taken = await two.Conversations.SaveAsync(new(Taken((await two.Conversations.GetAsync(created.Id, CancellationToken.None))!, "a-1")), CancellationToken.None);

        Assert.Equal(taken.Version, (await one.Conversations.GetAsync(created.Id, CancellationToken.None))!.Version);
        Assert.Equal(new AgentId("a-1"), (await one.Conversations.GetAsync(created.Id, CancellationToken.None))!.ServingAgentId);
    }

    public void Dispose() => _files.Dispose();

    private async Task<(SqliteOmnichannelDatabase One, SqliteOmnichannelDatabase Two)> TwoProcessesAsync()
    {
        var path = _files.NewPath();
        var one = _files.Open(path);
        var two = _files.Open(path);
        await Task.WhenAll(one.MigrateAsync(CancellationToken.None), two.MigrateAsync(CancellationToken.None));
        return (one, two);
    }

    private static async Task<(T? Value, Exception? Exception)[]> RaceAsync<T>(Func<int, Task<T>> call)
    {
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tasks = Enumerable.Range(0, Writers).Select(i => Task.Run(async () =>
        {
            await start.Task;
            try
            {
                return ((T?)await call(i), (Exception?)null);
            }
            catch (Exception exception) when (exception is ConcurrencyConflictException or CapacityExceededException)
            {
                return (default, exception);
            }
        })).ToArray();
        start.SetResult();
        return await Task.WhenAll(tasks);
    }
}
