using System.Collections.Immutable;
using FsCheck;
using FsCheck.Fluent;
using Npgsql;
using Omnichannel.Conversations;
using Omnichannel.Storage.PostgreSql.Stores;
using Omnichannel.Storage.Shared;
using static Omnichannel.Storage.PostgreSql.Tests.TestData;

namespace Omnichannel.Storage.PostgreSql.Tests;

/// <summary>
/// The conversation write keeps its command, parameters and JSON buffer between calls (<see cref="ReusableCommand"/>).
/// What the server receives must be what a new command with new parameters sent: the same JSON bytes as the codec's
/// <see cref="StorageJson.SerializeToUtf8Bytes{T}"/>, and each write's own values, never one left by the previous
/// write (a NULL after a value, a value after a NULL, fewer or more messages); a failed call must not leave its
/// command to the next.
/// </summary>
public sealed class ReusableCommandTests(StorageFixture fixture) : IClassFixture<StorageFixture>
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public void Json_written_into_the_kept_buffer_is_byte_for_byte_what_the_codec_writes()
    {
        using var source = NpgsqlDataSource.Create("Host=127.0.0.1;Port=1");
        using var command = new ReusableCommand(source, "SELECT 1", 0);
        var texts = Gen.Elements("", "plain", "quote \" and backslash \\", "tab\tnew line\n", "é ü 漢字 🎉", "<script>&amp;</script>", "\u0001\u001f", "'single'");
        var values = from text in texts
                     from other in texts
                     from number in Gen.Choose(0, 1_000_000)
                     from count in Gen.Choose(0, 3)
                     from flag in Gen.Elements(true, false)
                     select (text, other, number, count, flag);
        Prop.ForAll(values.ToArbitrary(), v =>
        {
            var (text, other, number, count, flag) = v;
            var conversation = Conversation(text, other, number, count, flag);
            var message = Message(number % 1000 + 1, text) with { AuthorId = flag ? other : null };
            command.Begin();
            // Several values in one buffer, as a write with messages has: each slice is its own value's bytes.
            var slices = new[] { command.WriteJson(conversation), command.WriteJson(message), command.WriteJson(conversation with { Topic = other }) };
            Assert.Equal(StorageJson.SerializeToUtf8Bytes(conversation), command.Json(slices[0]).ToArray());
            Assert.Equal(StorageJson.SerializeToUtf8Bytes(message), command.Json(slices[1]).ToArray());
            Assert.Equal(StorageJson.SerializeToUtf8Bytes(conversation with { Topic = other }), command.Json(slices[2]).ToArray());
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void A_buffer_grown_past_the_limit_by_a_large_record_is_not_kept_and_the_next_call_writes_the_same_bytes()
    {
        using var source = NpgsqlDataSource.Create("Host=127.0.0.1;Port=1");
        using var command = new ReusableCommand(source, "SELECT 1", 0);
        var large = Conversation(new string('x', ReusableCommand.MaxRetainedJsonBytes + 10), "t", 1, 1, true);
        command.Begin();
        Assert.Equal(StorageJson.SerializeToUtf8Bytes(large), command.Json(command.WriteJson(large)).ToArray());
        var small = Conversation("small", "t", 2, 0, false);
        command.Begin();
        Assert.Equal(StorageJson.SerializeToUtf8Bytes(small), command.Json(command.WriteJson(small)).ToArray());
    }

    [Fact]
    public async Task A_reused_save_command_sends_each_writes_own_values_nulls_and_messages()
    {
        var database = await fixture.ResetAsync();
        var store = (PostgreSqlConversationStore)database.Conversations;
        var current = await CreateAsync(store, "c-1");

        // One shape (messages, no claim, no jobs) over and over: the serving agent and the agent decided from go from
        // NULL to a value and back, the record grows past the buffer's first size, then past the kept limit, and the
        // write carries one, two, then three messages (three take the path without the kept buffer).
        var steps = new (string? Agent, int Messages, int TopicLength)[]
        {
            (null, 1, 10), ("a-1", 2, 10), (null, 1, 5_000), ("a-2", 3, 10), (null, 2, ReusableCommand.MaxRetainedJsonBytes + 1), ("a-1", 1, 10), (null, 1, 10),
        };
        var shape = -1;
        foreach (var (agent, count, topicLength) in steps)
        {
            var messages = Enumerable.Range(current.MessageCount + 1, count).Select(n => Message(n, $"message {n}")).ToArray();
            var next = current with
            {
                State = agent is null ? ConversationState.Queued : ConversationState.Taken,
                ServingAgentId = agent is null ? null : new AgentId(agent),
                MessageCount = current.MessageCount + count,
                Topic = new string('t', topicLength),
            };
            var write = new ConversationWrite(next, null, null)
            {
                Messages = messages,
                DecidedFromAgent = agent is null ? null : (new AgentId(agent), 0),
            };
            shape = PostgreSqlConversationStore.ShapeOf(write, count, 0, PostgreSqlConversationStore.SharesTheWritesKey(write, next));
            current = await store.SaveAsync(write, None);

            await using var connection = new NpgsqlConnection(fixture.ConnectionString);
            await connection.OpenAsync();
            await using var check = new NpgsqlCommand(
                "SELECT serving_agent_id, state, version, message_count, data = $1::jsonb, (SELECT count(*) FROM conversation_messages WHERE conversation_id = 'c-1') FROM conversations WHERE id = 'c-1'", connection);
            check.Parameters.Add(new NpgsqlParameter<string> { TypedValue = StorageJson.Serialize(current) });
            await using var reader = await check.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync());
            Assert.Equal(agent, reader.IsDBNull(0) ? null : reader.GetString(0));
            Assert.Equal(agent is null ? "Queued" : "Taken", reader.GetString(1));
            Assert.Equal(current.Version, reader.GetInt64(2));
            Assert.Equal(current.MessageCount, reader.GetInt32(3));
            Assert.True(reader.GetBoolean(4), "the stored record is the codec's JSON of the written conversation");
            Assert.Equal(current.MessageCount, reader.GetInt64(5));
        }

        var log = await store.ReadMessagesAsync(current.Id, 0, 100, None);
        Assert.Equal(Enumerable.Range(1, current.MessageCount), log.Select(m => m.Sequence));
        Assert.Equal(Enumerable.Range(2, current.MessageCount - 1).Select(n => $"message {n}"), log.Skip(1).Select(m => m.Text));
        // The writes ran one after another, so one command served them all.
        Assert.Equal(1, store.SaveCommands.IdleCount(shape));
    }

    [Fact]
    public async Task A_failed_save_drops_its_command_and_the_next_write_runs_on_a_fresh_one()
    {
        var database = await fixture.ResetAsync();
        var store = (PostgreSqlConversationStore)database.Conversations;
        var first = await CreateAsync(store, "c-1", contact: "k-1");
        var second = await CreateAsync(store, "c-2", contact: "k-2");
        var withJob = await store.SaveAsync(new ConversationWrite(first with { Topic = "one" }, null, [Job("job-1", first.Id)]), None);
        const int JobsOnly = 4;
        Assert.Equal(1, store.SaveCommands.IdleCount(JobsOnly));

        // The same job id again: the database refuses it (unique violation), nothing is written, the command is dropped.
        var refused = store.SaveAsync(new ConversationWrite(second with { Topic = "two" }, null, [Job("job-1", second.Id)]), None).AsTask();
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => refused);
        Assert.Equal(0, store.SaveCommands.IdleCount(JobsOnly));
        Assert.Equal(1L, await StorageFixture.ExecuteAsync(fixture.ConnectionString, "SELECT version FROM conversations WHERE id = 'c-2'"));

        // A cancelled call fails before it runs, and leaves nothing behind either.
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.SaveAsync(new ConversationWrite(second with { Topic = "two" }, null, [Job("job-2", second.Id)]), cancelled.Token).AsTask());

        var stored = await store.SaveAsync(new ConversationWrite(second with { Topic = "two" }, null, [Job("job-2", second.Id)]), None);
        Assert.Equal(2, stored.Version);
        Assert.Equal(1, store.SaveCommands.IdleCount(JobsOnly));
        Assert.Equal(2L, await StorageFixture.ExecuteAsync(fixture.ConnectionString, "SELECT count(*) FROM outbox"));
        Assert.Equal("two", (await store.GetAsync(second.Id, None))!.Topic);
        Assert.Equal(2, withJob.Version);
    }

    [Fact]
    public async Task A_kept_command_whose_statement_the_connection_evicted_prepares_it_again()
    {
        await fixture.ResetAsync();
        // One connection that keeps at most two prepared statements: other statements evict the write's.
        var database = fixture.OpenAnother(b =>
        {
            b.MaxPoolSize = 1;
            b.MaxAutoPrepare = 2;
            b.AutoPrepareMinUsages = 2;
        });
        await database.MigrateAsync(None);
        var store = (PostgreSqlConversationStore)database.Conversations;
        var current = await CreateAsync(store, "c-1");
        for (var round = 0; round < 3; round++)
        {
            for (var i = 0; i < 3; i++)
            {
                current = await store.SaveAsync(new ConversationWrite(current with { Topic = $"round {round}, write {i}" }, null, null), None);
            }

            // Three other statements, each run often enough to be prepared, on the same (only) connection.
            await using var connection = await database.DataSource.OpenConnectionAsync(None);
            for (var other = 0; other < 3; other++)
            {
                for (var use = 0; use < 3; use++)
                {
                    await using var command = new NpgsqlCommand($"SELECT {other} + $1", connection);
                    command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = use });
                    Assert.Equal(other + use, await command.ExecuteScalarAsync(None));
                }
            }
        }

        Assert.Equal("round 2, write 2", (await store.GetAsync(current.Id, None))!.Topic);
        Assert.Equal(10, current.Version);
    }

    private static Conversation Conversation(string text, string other, int number, int count, bool flag)
    {
        var conversation = FirstMessage("c-" + number, "k-" + text.Length).Conversation! with
        {
            Topic = text,
            ClosingComment = flag ? other : null,
            MessageCount = number,
            Tags = [.. Enumerable.Range(0, count).Select(i => other + i)],
            CustomFields = ImmutableDictionary<string, string>.Empty.Add("note", text).Add(other.Length + "k", other),
            ServingAgentId = flag ? new AgentId("a-" + other.Length) : null,
            Participants = [.. Enumerable.Range(0, count).Select(i => new AgentId("p-" + i))],
        };
        return conversation;
    }
}
