using Npgsql;
using Omnichannel.Conversations;
using Omnichannel.Storage;
using static Omnichannel.Storage.PostgreSql.Tests.TestData;

namespace Omnichannel.Storage.PostgreSql.Tests;

/// <summary>
/// A connection killed in the middle of a write (<c>pg_terminate_backend</c> from another connection, as when a server
/// process dies or an operator kills it) leaves nothing half-written: the conversation row, its messages and its outbox
/// jobs are all stored or none is. The caller gets an exception, and the same write retried on a new connection succeeds.
/// </summary>
public sealed class FaultTests(StorageFixture fixture) : IClassFixture<StorageFixture>
{
    private const string Victim = "omnichannel-fault-victim";
    private static readonly CancellationToken None = CancellationToken.None;

    // Slows every message insert so that the kill lands after the conversation row was updated and before the
    // messages and jobs are written: the moment a non-atomic write would leave half of itself behind.
    private const string SlowMessages = """
        CREATE OR REPLACE FUNCTION test_slow_messages() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_sleep(0.2); RETURN NULL; END $$;
        CREATE OR REPLACE TRIGGER test_slow_messages AFTER INSERT ON conversation_messages FOR EACH STATEMENT EXECUTE FUNCTION test_slow_messages();
        """;

    private const string FastMessages = "DROP TRIGGER IF EXISTS test_slow_messages ON conversation_messages";

    [Fact]
    public async Task A_connection_killed_during_a_stream_of_writes_leaves_nothing_half_written_and_a_retry_succeeds()
    {
        await StorageFixture.ExecuteAsync(fixture.ConnectionString, FastMessages);
        var setup = await fixture.ResetAsync();
        var victim = fixture.OpenAnother(b => b.ApplicationName = Victim);
        var conversations = new List<Conversation>();
        for (var c = 0; c < 3; c++)
        {
            conversations.Add(await CreateAsync(setup.Conversations, $"c-{c}", contact: $"k-{c}"));
        }

        await StorageFixture.ExecuteAsync(fixture.ConnectionString, SlowMessages);
        for (var round = 0; round < 6; round++)
        {
            var read = conversations[round % 3];
            var write = Appending(read, round) with { Outbox = [Job($"j-{round}", read.Id)] };

            var saving = victim.Conversations.SaveAsync(write, None).AsTask();
            await KillVictimWhileItRunsAsync("omnichannel_save_conversation");

            await Assert.ThrowsAnyAsync<NpgsqlException>(() => saving);
            await AssertStoredAsync(setup, read, jobs: round / 3);

            var saved = await victim.Conversations.SaveAsync(write, None);
            await AssertStoredAsync(setup, saved, jobs: round / 3 + 1);
            conversations[round % 3] = saved;
        }
    }

    [Fact]
    public async Task A_connection_killed_during_a_first_message_stores_no_conversation_and_a_retry_creates_it()
    {
        await StorageFixture.ExecuteAsync(fixture.ConnectionString, FastMessages);
        var setup = await fixture.ResetAsync();
        var victim = fixture.OpenAnother(b => b.ApplicationName = Victim);
        await StorageFixture.ExecuteAsync(fixture.ConnectionString, SlowMessages);

        var creating = victim.Conversations.CreateOrGetOpenAsync(FirstMessage("c-1"), None).AsTask();
        await KillVictimWhileItRunsAsync("omnichannel_create_conversation");

        await Assert.ThrowsAnyAsync<NpgsqlException>(() => creating);
        Assert.Null(await setup.Conversations.GetAsync(new ConversationId("c-1"), None));
        Assert.Empty(await setup.Conversations.ReadMessagesAsync(new ConversationId("c-1"), 0, 10, None));

        var (retried, created) = await victim.Conversations.CreateOrGetOpenAsync(FirstMessage("c-1"), None);
        Assert.True(created);
        Assert.Single(await setup.Conversations.ReadMessagesAsync(retried.Id, 0, 10, None));
    }

    private static ConversationWrite Appending(Conversation read, int round) =>
        new(read with { MessageCount = read.MessageCount + 2, Topic = $"round {round}" })
        {
            Messages = [Message(read.MessageCount + 1, $"round {round}, first"), Message(read.MessageCount + 2, $"round {round}, second")],
        };

    /// <summary>Waits until the victim's connection is inside <paramref name="function"/>, then terminates its server process.</summary>
    private async Task KillVictimWhileItRunsAsync(string function)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            var killed = await StorageFixture.ExecuteAsync(
                fixture.ConnectionString,
                $"SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = '{Victim}' AND state = 'active' AND query LIKE '%{function}%'");
            if ((long)killed! > 0)
            {
                return;
            }

            await Task.Delay(10);
        }

        Assert.Fail($"The victim never ran {function}.");
    }

    /// <summary>The row, the message log and the jobs agree with <paramref name="expected"/>: all of a write or none of it.</summary>
    private static async Task AssertStoredAsync(PostgreSqlOmnichannelDatabase database, Conversation expected, int jobs)
    {
        var stored = await database.Conversations.GetAsync(expected.Id, None);
        Assert.Equal((expected.Version, expected.MessageCount, expected.Topic), (stored!.Version, stored.MessageCount, stored.Topic));
        var log = await database.Conversations.ReadMessagesAsync(expected.Id, 0, 100, None);
        Assert.Equal(Enumerable.Range(1, expected.MessageCount), log.Select(m => m.Sequence));
        Assert.Equal(jobs, (await database.Outbox.ListByConversationAsync(expected.Id, None)).Count);
    }
}
