using NodaTime;
using Omnichannel.Storage;

using static Omnichannel.Storage.PostgreSql.Tests.TestData;
using Omnichannel.Capacity;
using Omnichannel.Conversations;
using Omnichannel.Outbox;

namespace Omnichannel.Storage.PostgreSql.Tests;

/// <summary>
/// Two database objects over one database, each with its own Npgsql data source and pool, stand for two processes:
/// the rules hold because the database enforces them, not because the two share memory.
/// </summary>
public sealed class TwoProcessTests(StorageFixture fixture) : IClassFixture<StorageFixture>
{
    private const int Writers = 16;
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Concurrent_takes_of_one_conversation_from_two_processes_have_exactly_one_winner()
    {
        var (one, two) = await ProcessesAsync();
        var queued = await CreateAsync(one.Conversations, "c-1");

        var outcomes = await RaceAsync(Writers, i =>
            (i % 2 == 0 ? one : two).Conversations.SaveAsync(new ConversationWrite(Taken(queued, $"a-{i}"), Claim($"a-{i}", agentLimit: 5)), None).AsTask());

        var winner = Assert.Single(outcomes, o => o.Error is null).Value!;
        Assert.All(outcomes.Where(o => o.Error is not null), o => Assert.IsType<ConcurrencyConflictException>(o.Error));
        var stored = await two.Conversations.GetAsync(queued.Id, None);
        Assert.Equal(winner.ServingAgentId, stored!.ServingAgentId);
        Assert.Equal(2, stored.Version);
    }

    [Fact]
    public async Task Concurrent_takes_by_an_agent_one_below_capacity_from_two_processes_let_exactly_one_succeed()
    {
        const int Limit = 3;
        var (one, two) = await ProcessesAsync();
        for (var i = 0; i < Limit - 1; i++)
        {
            var served = await CreateAsync(one.Conversations, $"served-{i}", contact: $"s-{i}");
            await one.Conversations.SaveAsync(new ConversationWrite(Taken(served, "a-1"), Claim("a-1", Limit)), None);
        }

        var queued = new List<Conversations.Conversation>();
        for (var i = 0; i < Writers; i++)
        {
            queued.Add(await CreateAsync(two.Conversations, $"c-{i}", contact: $"k-{i}"));
        }

        var outcomes = await RaceAsync(Writers, i =>
            (i % 2 == 0 ? one : two).Conversations.SaveAsync(new ConversationWrite(Taken(queued[i], "a-1"), Claim("a-1", Limit)), None).AsTask());

        Assert.Single(outcomes, o => o.Error is null);
        Assert.All(outcomes.Where(o => o.Error is not null), o => Assert.Equal(Limit, Assert.IsType<CapacityExceededException>(o.Error).AgentLoad));
        Assert.Equal(Limit, await one.Conversations.CountServedAsync(new AgentId("a-1"), null, countOnHold: true, None));
    }

    [Fact]
    public async Task Concurrent_first_messages_of_one_contact_from_two_processes_start_one_conversation()
    {
        var (one, two) = await ProcessesAsync();

        var outcomes = await RaceAsync(Writers, i => (i % 2 == 0 ? one : two).Conversations.CreateOrGetOpenAsync(FirstMessage($"c-{i}"), None).AsTask());

        Assert.All(outcomes, o => Assert.Null(o.Error));
        var created = Assert.Single(outcomes, o => o.Value.Created).Value.Conversation;
        Assert.All(outcomes, o => Assert.Equal(created.Id, o.Value.Conversation.Id));
        Assert.Equal([created.Id], (await one.Conversations.QueryAsync(new ConversationQuery { ContactId = new ContactId("k-1") }, None)).Select(c => c.Id));
        Assert.Single(await two.Conversations.ReadMessagesAsync(created.Id, 0, 10, None));
    }

    [Fact]
    public async Task Workers_in_two_processes_lease_and_deliver_each_job_once()
    {
        var (one, two) = await ProcessesAsync();
        var conversation = await CreateAsync(one.Conversations, "c-1");
        var expected = new List<string>();
        for (var i = 0; i < 60; i++)
        {
            expected.Add((await one.Outbox.EnqueueAsync(Job($"j-{i:D2}", conversation.Id), None)).Id);
        }

        var delivered = await RaceAsync(8, async worker =>
        {
            var outbox = (worker % 2 == 0 ? one : two).Outbox;
            var mine = new List<string>();
            while (await outbox.TryLeaseAsync($"worker-{worker}", Epoch, Duration.FromMinutes(5), null, None) is { } job)
            {
                Assert.Equal($"worker-{worker}", job.LeaseOwner);
                await outbox.SaveAsync(job with { Status = OutboxMessageStatus.Delivered, Attempts = job.Attempts + 1 }, None);
                mine.Add(job.Id);
            }

            return mine;
        });

        Assert.All(delivered, d => Assert.Null(d.Error));
        Assert.Equal(expected, delivered.SelectMany(d => d.Value!).Order(StringComparer.Ordinal));
        var stored = await two.Outbox.ListByConversationAsync(conversation.Id, None);
        Assert.All(stored, job => Assert.Equal((OutboxMessageStatus.Delivered, 1, 3L), (job.Status, job.Attempts, job.Version)));
    }

    private async Task<(PostgreSqlOmnichannelDatabase One, PostgreSqlOmnichannelDatabase Two)> ProcessesAsync() =>
        (await fixture.ResetAsync(), fixture.OpenAnother());
}
