using Npgsql;
using Omnichannel.Capacity;
using Omnichannel.Conversations;
using Omnichannel.Storage;
using Omnichannel.Storage.PostgreSql.Stores;
using static Omnichannel.Storage.PostgreSql.Tests.TestData;

namespace Omnichannel.Storage.PostgreSql.Tests;

/// <summary>
/// Group commit of conversation writes: writes that arrive while one is in flight go together in one batch (one round
/// trip, one implicit transaction), each with its own outcome. The tests make the batch happen for certain, not by
/// timing: a first write claims the capacity of an agent whose advisory lock the test holds, so it stays in flight until
/// the test lets it go, and the others are started and seen waiting (the store's counter) before that.
/// </summary>
public sealed class WriteBatchingTests(StorageFixture fixture) : IClassFixture<StorageFixture>
{
    private const string Blocker = "blocker";
    private const string Victim = "omnichannel-batch-victim";

    // Slows every message insert, so that the batch is still running when it is killed.
    private const string SlowMessages = """
        CREATE OR REPLACE FUNCTION test_slow_messages() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_sleep(0.2); RETURN NULL; END $$;
        CREATE OR REPLACE TRIGGER test_slow_messages AFTER INSERT ON conversation_messages FOR EACH STATEMENT EXECUTE FUNCTION test_slow_messages();
        """;

    private const string FastMessages = "DROP TRIGGER IF EXISTS test_slow_messages ON conversation_messages";
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Writes_that_arrive_while_one_is_in_flight_go_together_and_each_is_stored_with_its_messages()
    {
        await fixture.ResetAsync();
        var database = Batching();
        var store = Store(database);
        var conversations = new List<Conversation>();
        for (var i = 0; i < 20; i++)
        {
            conversations.Add(await CreateAsync(database.Conversations, $"c-{i}", contact: $"k-{i}"));
        }

        var before = store.WriteBatches;
        List<Task<Conversation>> saving;
        await using (var held = await HoldInFlightAsync(database))
        {
            saving = [.. conversations.Select((c, i) => database.Conversations.SaveAsync(Appending(c, i), None).AsTask())];
            await WaitUntilWaitingAsync(store, conversations.Count);
        }

        var saved = await Task.WhenAll(saving);

        Assert.Equal((1, 20), (store.WriteBatches.Batches - before.Batches, store.WriteBatches.Writes - before.Writes));
        for (var i = 0; i < conversations.Count; i++)
        {
            var stored = await database.Conversations.GetAsync(conversations[i].Id, None);
            Assert.Equal((2L, 3, $"round {i}"), (stored!.Version, stored.MessageCount, stored.Topic));
            Assert.Equal(saved[i].Version, stored.Version);
            var log = await database.Conversations.ReadMessagesAsync(conversations[i].Id, 0, 10, None);
            Assert.Equal([1, 2, 3], log.Select(m => m.Sequence));
            Assert.Equal($"round {i}, second", log[2].Text);
        }
    }

    [Fact]
    public async Task Many_concurrent_writers_on_distinct_conversations_all_succeed_and_each_ends_at_its_version()
    {
        await fixture.ResetAsync();
        var database = Batching();
        var store = Store(database);
        const int Writers = 16, Rounds = 8;
        var conversations = new Conversation[Writers];
        for (var i = 0; i < Writers; i++)
        {
            conversations[i] = await CreateAsync(database.Conversations, $"c-{i}", contact: $"k-{i}");
        }

        var results = await RaceAsync(Writers, async i =>
        {
            var current = conversations[i];
            for (var round = 0; round < Rounds; round++)
            {
                current = await database.Conversations.SaveAsync(Appending(current, round), None);
            }

            return current;
        });

        Assert.All(results, r => Assert.Null(r.Error));
        for (var i = 0; i < Writers; i++)
        {
            var stored = await database.Conversations.GetAsync(conversations[i].Id, None);
            Assert.Equal((1L + Rounds, 1 + 2 * Rounds), (stored!.Version, stored.MessageCount));
            var log = await database.Conversations.ReadMessagesAsync(conversations[i].Id, 0, 100, None);
            Assert.Equal(Enumerable.Range(1, 1 + 2 * Rounds), log.Select(m => m.Sequence));
        }
    }

    [Fact]
    public async Task Concurrent_takes_of_one_conversation_in_one_batch_let_exactly_one_agent_win()
    {
        await fixture.ResetAsync();
        var database = Batching();
        var store = Store(database);
        var queued = await CreateAsync(database.Conversations, "c-1");
        var before = store.WriteBatches;
        List<Task<Conversation>> taking;
        await using (var held = await HoldInFlightAsync(database))
        {
            taking = [.. Enumerable.Range(0, 8).Select(i => database.Conversations.SaveAsync(
                new ConversationWrite(Taken(queued, $"a-{i}")) { Claim = Claim($"a-{i}", agentLimit: 5) }, None).AsTask())];
            await WaitUntilWaitingAsync(store, 8);
        }

        var outcomes = await Outcomes(taking);

        Assert.Equal(1, store.WriteBatches.Batches - before.Batches);
        var winner = Assert.Single(outcomes, o => o.Error is null).Value!;
        Assert.All(outcomes.Where(o => o.Error is not null), o => Assert.IsType<ConcurrencyConflictException>(o.Error));
        var stored = await database.Conversations.GetAsync(queued.Id, None);
        Assert.Equal((2L, winner.ServingAgentId), (stored!.Version, stored.ServingAgentId));
        Assert.Equal(1, await database.Conversations.CountServedAsync(winner.ServingAgentId!.Value, null, countOnHold: false, None));
    }

    [Fact]
    public async Task Concurrent_claims_on_an_agent_one_below_the_limit_in_one_batch_let_exactly_one_through()
    {
        await fixture.ResetAsync();
        var database = Batching();
        var store = Store(database);
        for (var i = 0; i < 2; i++)
        {
            var served = await CreateAsync(database.Conversations, $"s-{i}", contact: $"s-{i}");
            await database.Conversations.SaveAsync(new ConversationWrite(Taken(served, "a-1")), None);
        }

        var queued = new List<Conversation>();
        for (var i = 0; i < 8; i++)
        {
            queued.Add(await CreateAsync(database.Conversations, $"c-{i}", contact: $"k-{i}"));
        }

        var before = store.WriteBatches;
        List<Task<Conversation>> claiming;
        await using (var held = await HoldInFlightAsync(database))
        {
            claiming = [.. queued.Select(c => database.Conversations.SaveAsync(new ConversationWrite(Taken(c, "a-1")) { Claim = Claim("a-1", agentLimit: 3) }, None).AsTask())];
            await WaitUntilWaitingAsync(store, queued.Count);
        }

        var outcomes = await Outcomes(claiming);

        Assert.Equal(1, store.WriteBatches.Batches - before.Batches);
        Assert.Single(outcomes, o => o.Error is null);
        var refusals = outcomes.Where(o => o.Error is not null).Select(o => Assert.IsType<CapacityExceededException>(o.Error)).ToList();
        Assert.Equal(7, refusals.Count);
        Assert.All(refusals, r => Assert.Equal(3, r.AgentLoad));
        Assert.Equal(3, await database.Conversations.CountServedAsync(new AgentId("a-1"), null, countOnHold: false, None));
    }

    /// <summary>
    /// The write with a duplicate outbox job id comes last in its batch (it claims nothing), so the others ran before it
    /// in the same transaction. The server's unique violation rolled all of them back: had any been committed, its retry
    /// alone would have found its own version stored and failed with a conflict; every one succeeds instead, at version 2.
    /// </summary>
    [Fact]
    public async Task A_batch_where_one_write_hits_a_unique_index_gives_that_caller_the_lone_exception_and_stores_the_others()
    {
        await fixture.ResetAsync();
        var database = Batching();
        var store = Store(database);
        await database.Outbox.EnqueueAsync(Job("j-taken", new ConversationId("elsewhere")), None);
        var conversations = new List<Conversation>();
        for (var i = 0; i < 6; i++)
        {
            conversations.Add(await CreateAsync(database.Conversations, $"c-{i}", contact: $"k-{i}"));
        }

        var duplicateAlone = await Assert.ThrowsAsync<ConcurrencyConflictException>(
            () => database.Conversations.SaveAsync(new ConversationWrite(conversations[5] with { Topic = "alone" }) { Outbox = [Job("j-taken", conversations[5].Id)] }, None).AsTask());

        var before = store.WriteBatches;
        List<Task<Conversation>> saving;
        await using (var held = await HoldInFlightAsync(database))
        {
            saving = [.. conversations.Take(5).Select((c, i) => database.Conversations.SaveAsync(new ConversationWrite(Taken(c, $"a-{i}")) { Claim = Claim($"a-{i}", agentLimit: 5) }, None).AsTask())];
            saving.Add(database.Conversations.SaveAsync(new ConversationWrite(conversations[5] with { Topic = "duplicate" }) { Outbox = [Job("j-taken", conversations[5].Id)] }, None).AsTask());
            await WaitUntilWaitingAsync(store, 6);
        }

        var outcomes = await Outcomes(saving);

        Assert.Equal(1, store.WriteBatches.Batches - before.Batches);
        var refused = Assert.IsType<ConcurrencyConflictException>(outcomes[5].Error);
        Assert.Equal(duplicateAlone.Message, refused.Message);
        for (var i = 0; i < 5; i++)
        {
            Assert.Null(outcomes[i].Error);
            var stored = await database.Conversations.GetAsync(conversations[i].Id, None);
            Assert.Equal((2L, new AgentId($"a-{i}")), (stored!.Version, stored.ServingAgentId));
        }

        Assert.Equal(1L, (await database.Conversations.GetAsync(conversations[5].Id, None))!.Version);
        Assert.Empty(await database.Outbox.ListByConversationAsync(conversations[5].Id, None));
    }

    [Fact]
    public async Task A_write_cancelled_while_it_waits_is_dropped_and_the_others_are_stored()
    {
        await fixture.ResetAsync();
        var database = Batching();
        var store = Store(database);
        var kept = await CreateAsync(database.Conversations, "c-kept", contact: "k-1");
        var dropped = await CreateAsync(database.Conversations, "c-dropped", contact: "k-2");
        using var cancellation = new CancellationTokenSource();
        Task<Conversation> keeping, dropping;
        await using (var held = await HoldInFlightAsync(database))
        {
            dropping = database.Conversations.SaveAsync(Appending(dropped, 1), cancellation.Token).AsTask();
            keeping = database.Conversations.SaveAsync(Appending(kept, 1), None).AsTask();
            await WaitUntilWaitingAsync(store, 2);

            await cancellation.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => dropping);
            Assert.Equal(1, store.WriteBatches.Waiting);
        }

        Assert.Equal(2L, (await keeping).Version);
        Assert.Equal((1L, 1), ((await database.Conversations.GetAsync(dropped.Id, None))!.Version, (await database.Conversations.ReadMessagesAsync(dropped.Id, 0, 10, None)).Count));
    }

    [Fact]
    public async Task A_single_writer_never_batches()
    {
        await fixture.ResetAsync();
        var database = Batching();
        var store = Store(database);
        var conversation = await CreateAsync(database.Conversations, "c-1");
        var before = store.WriteBatches;

        for (var round = 0; round < 20; round++)
        {
            conversation = await database.Conversations.SaveAsync(Appending(conversation, round), None);
        }

        Assert.Equal((before.Batches, before.Writes), (store.WriteBatches.Batches, store.WriteBatches.Writes));
        Assert.Equal(21L, conversation.Version);
    }

    [Fact]
    public async Task With_a_batch_size_of_one_concurrent_writes_never_wait_for_each_other()
    {
        await fixture.ResetAsync();
        var database = fixture.OpenAnother(configure: options => { options.MaxWriteBatch = 1; options.MaxWriteSendsInFlight = SendsInFlight; });
        var store = Store(database);
        var conversations = new List<Conversation>();
        for (var i = 0; i < 4; i++)
        {
            conversations.Add(await CreateAsync(database.Conversations, $"c-{i}", contact: $"k-{i}"));
        }

        Task<Conversation> first;
        List<Task<Conversation>> others;
        await using (var held = await HoldInFlightAsync(database))
        {
            first = held.Blocked;
            // Sent at once, beside the blocked write: they complete while it is still held.
            others = [.. conversations.Select((c, i) => database.Conversations.SaveAsync(Appending(c, i), None).AsTask())];
            await Task.WhenAll(others);
            Assert.False(first.IsCompleted);
            Assert.Equal(0, store.WriteBatches.Waiting);
        }

        await first;
        Assert.Equal((0L, 0L), (store.WriteBatches.Batches, store.WriteBatches.Writes));
    }

    /// <summary>
    /// A batch whose server process is terminated (<c>pg_terminate_backend</c>) has an unknown outcome, as a lone write
    /// has: every caller gets the exception (nobody's write is retried behind its back), nothing is half-written, and
    /// each write retried by its caller succeeds.
    /// </summary>
    [Fact]
    public async Task A_batch_whose_connection_is_killed_fails_every_caller_and_leaves_nothing_half_written()
    {
        await StorageFixture.ExecuteAsync(fixture.ConnectionString, FastMessages);
        await fixture.ResetAsync();
        var database = fixture.OpenAnother(b => b.ApplicationName = Victim, configure: options => options.MaxWriteSendsInFlight = SendsInFlight);
        var store = Store(database);
        var conversations = new List<Conversation>();
        for (var i = 0; i < 5; i++)
        {
            conversations.Add(await CreateAsync(database.Conversations, $"c-{i}", contact: $"k-{i}"));
        }

        List<Task<Conversation>> saving;
        try
        {
            await using (var held = await HoldInFlightAsync(database))
            {
                saving = [.. conversations.Select((c, i) => database.Conversations.SaveAsync(Appending(c, i), None).AsTask())];
                await WaitUntilWaitingAsync(store, conversations.Count);
                await StorageFixture.ExecuteAsync(fixture.ConnectionString, SlowMessages);
            }

            await KillVictimWhileItRunsAsync();
            foreach (var write in saving)
            {
                await Assert.ThrowsAnyAsync<NpgsqlException>(() => write);
            }
        }
        finally
        {
            await StorageFixture.ExecuteAsync(fixture.ConnectionString, FastMessages);
        }

        for (var i = 0; i < conversations.Count; i++)
        {
            var stored = await database.Conversations.GetAsync(conversations[i].Id, None);
            Assert.Equal((1L, 1), (stored!.Version, (await database.Conversations.ReadMessagesAsync(conversations[i].Id, 0, 10, None)).Count));
            var retried = await database.Conversations.SaveAsync(Appending(conversations[i], i), None);
            Assert.Equal((2L, 3), (retried.Version, (await database.Conversations.ReadMessagesAsync(conversations[i].Id, 0, 10, None)).Count));
        }
    }

    /// <summary>
    /// Npgsql's batch without a transaction and without error barriers is one implicit transaction (one Sync): a statement
    /// that fails rolls back the statements before it. The store's batches rely on this.
    /// </summary>
    [Fact]
    public async Task A_failing_statement_of_an_Npgsql_batch_rolls_back_the_statements_before_it()
    {
        await fixture.ResetAsync();
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand("CREATE TABLE IF NOT EXISTS test_batch_rollback (id integer PRIMARY KEY)"),
                new NpgsqlBatchCommand("DELETE FROM test_batch_rollback"),
            },
        };
        await batch.ExecuteNonQueryAsync();
        await using var failing = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand("INSERT INTO test_batch_rollback VALUES (1)"),
                new NpgsqlBatchCommand("INSERT INTO test_batch_rollback VALUES (2)"),
                new NpgsqlBatchCommand("INSERT INTO test_batch_rollback VALUES (1)"),
            },
        };
        Assert.False(failing.EnableErrorBarriers);

        var error = await Assert.ThrowsAsync<PostgresException>(() => failing.ExecuteNonQueryAsync());

        Assert.Equal(PostgresErrorCodes.UniqueViolation, error.SqlState);
        Assert.Equal(0L, await StorageFixture.ExecuteAsync(fixture.ConnectionString, "SELECT count(*) FROM test_batch_rollback"));
    }

    private static PostgreSqlConversationStore Store(PostgreSqlOmnichannelDatabase database) => (PostgreSqlConversationStore)database.Conversations;

    private static ConversationWrite Appending(Conversation read, int round) =>
        new(read with { MessageCount = read.MessageCount + 2, Topic = $"round {round}" })
        {
            Messages = [Message(read.MessageCount + 1, $"round {round}, first"), Message(read.MessageCount + 2, $"round {round}, second")],
        };

    private static async Task<(Conversation? Value, Exception? Error)[]> Outcomes(List<Task<Conversation>> tasks)
    {
        var outcomes = new (Conversation?, Exception?)[tasks.Count];
        for (var i = 0; i < tasks.Count; i++)
        {
            try
            {
                outcomes[i] = (await tasks[i], null);
            }
            catch (Exception exception)
            {
                outcomes[i] = (null, exception);
            }
        }

        return outcomes;
    }

    [Fact]
    public async Task By_default_writes_go_alone_while_a_pooled_connection_is_free()
    {
        var database = await fixture.ResetAsync();
        Assert.Equal(new NpgsqlConnectionStringBuilder(fixture.ConnectionString).MaxPoolSize, database.MaxWriteSendsInFlight);
        var store = Store(database);
        var before = store.WriteBatches;
        var conversations = new List<Conversation>();
        for (var i = 0; i < 8; i++)
        {
            conversations.Add(await CreateAsync(database.Conversations, $"c-{i}", contact: $"k-{i}"));
        }

        await Task.WhenAll(conversations.Select((c, i) => database.Conversations.SaveAsync(Appending(c, i), None).AsTask()));

        Assert.Equal((before.Batches, before.Writes), (store.WriteBatches.Batches, store.WriteBatches.Writes));
    }

    // The default sends alone while a pooled connection is free (100 by default); here batches form behind two.
    private const int SendsInFlight = 2;

    /// <summary>A database object over the class's database that batches writes once two sends are in flight.</summary>
    private PostgreSqlOmnichannelDatabase Batching() => fixture.OpenAnother(configure: options => options.MaxWriteSendsInFlight = SendsInFlight);

    /// <summary>
    /// Holds the advisory lock of agent <see cref="Blocker"/> in a transaction of its own, then starts as many writes
    /// claiming that agent's capacity as the database sends at once: the function waits for the lock, so every send slot
    /// is in flight until the holder is disposed, and the next writes wait to go together.
    /// </summary>
    private async Task<HeldWrite> HoldInFlightAsync(PostgreSqlOmnichannelDatabase database)
    {
        var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        var transaction = await connection.BeginTransactionAsync();
        await using (var lockIt = new NpgsqlCommand($"SELECT pg_advisory_xact_lock(hashtextextended('omnichannel.agent:{Blocker}', 0))", connection, transaction))
        {
            await lockIt.ExecuteNonQueryAsync();
        }

        var writes = new List<Task<Conversation>>();
        for (var slot = 0; slot < database.MaxWriteSendsInFlight; slot++)
        {
            var blocked = await CreateAsync(database.Conversations, $"blocked-{Guid.NewGuid():N}", contact: $"blocked-{Guid.NewGuid():N}");
            writes.Add(database.Conversations.SaveAsync(new ConversationWrite(Taken(blocked, Blocker)) { Claim = Claim(Blocker, agentLimit: 1000) }, None).AsTask());
        }

        // Wait until the writes are inside the function, waiting for the lock.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while ((long)(await StorageFixture.ExecuteAsync(fixture.ConnectionString, "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"))! < writes.Count)
        {
            Assert.True(DateTime.UtcNow < deadline, "The blocked writes never all waited for the agent's lock.");
            Assert.DoesNotContain(writes, write => write.IsCompleted);
            await Task.Delay(10);
        }

        return new HeldWrite(connection, transaction, writes);
    }

    /// <summary>Waits until a connection of the victim runs the save function, then terminates its server process.</summary>
    private async Task KillVictimWhileItRunsAsync()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            var killed = await StorageFixture.ExecuteAsync(
                fixture.ConnectionString,
                $"SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = '{Victim}' AND state = 'active' AND query LIKE '%omnichannel_save_conversation%'");
            if ((long)killed! > 0)
            {
                return;
            }

            await Task.Delay(10);
        }

        Assert.Fail("The victim's batch never ran.");
    }

    private static async Task WaitUntilWaitingAsync(PostgreSqlConversationStore store, int count)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (store.WriteBatches.Waiting < count)
        {
            Assert.True(DateTime.UtcNow < deadline, $"Only {store.WriteBatches.Waiting} of {count} writes ever waited.");
            await Task.Delay(5);
        }
    }

    /// <summary>Writes held in flight by the agent lock of <see cref="Blocker"/>; disposing releases them and awaits them.</summary>
    private sealed class HeldWrite(NpgsqlConnection connection, NpgsqlTransaction transaction, List<Task<Conversation>> blocked) : IAsyncDisposable
    {
        /// <summary>The first of the held writes.</summary>
        public Task<Conversation> Blocked { get; } = blocked[0];

        public async ValueTask DisposeAsync()
        {
            await transaction.RollbackAsync();
            await transaction.DisposeAsync();
            await connection.DisposeAsync();
            await Task.WhenAll(blocked);
        }
    }
}
