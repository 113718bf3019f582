using Npgsql;
using Omnichannel.Capacity;
using Omnichannel.Conversations;
using Omnichannel.Storage.PostgreSql.Internal;
using static Omnichannel.Storage.PostgreSql.Tests.TestData;

namespace Omnichannel.Storage.PostgreSql.Tests;

/// <summary>
/// Capacity claims read the agents' loads from <c>conversation_loads</c> (schema 6), kept by a trigger on
/// <c>conversations</c>: after any write, the counters equal the count of the open conversations each agent serves, and
/// a database migrated from schema 5 starts with them filled.
/// </summary>
public sealed class LoadCounterTests(StorageFixture fixture) : IClassFixture<StorageFixture>
{
    private static readonly CancellationToken None = CancellationToken.None;

    // Both sides as "agent/department/channel/state=count" lines, zero counters left out.
    private const string Counters = """
        SELECT coalesce(string_agg(serving_agent_id || '/' || department_id || '/' || channel || '/' || state || '=' || conversations, ',' ORDER BY 1), '')
          FROM conversation_loads WHERE conversations > 0
        """;

    private const string Counted = """
        SELECT coalesce(string_agg(key, ',' ORDER BY key), '') FROM (
            SELECT serving_agent_id || '/' || department_id || '/' || channel || '/' || state || '=' || count(*) AS key
              FROM conversations WHERE serving_agent_id IS NOT NULL AND state <> 'Closed'
             GROUP BY serving_agent_id, department_id, channel, state) AS loads
        """;

    [Fact]
    public async Task The_load_counters_equal_the_open_conversations_each_agent_serves_after_every_kind_of_write()
    {
        var database = await fixture.ResetAsync();
        var store = database.Conversations;
        var one = await CreateAsync(store, "c-1", contact: "k-1");
        var two = await CreateAsync(store, "c-2", contact: "k-2");
        var three = await CreateAsync(store, "c-3", contact: "k-3", department: "d-2");
        await AssertCountersMatchAsync(string.Empty); // queued: nobody serves them

        one = await SaveAsync(store, Taken(one, "a-1"), Claim("a-1", 5));
        two = await SaveAsync(store, Taken(two, "a-1"), Claim("a-1", 5));
        three = await SaveAsync(store, Taken(three, "a-2"), Claim("a-2", 5, "d-2"));
        await AssertCountersMatchAsync("a-1/d-1/chat/Taken=2,a-2/d-2/chat/Taken=1");

        one = await SaveAsync(store, one with { State = ConversationState.OnHold });
        two = await SaveAsync(store, two with { ServingAgentId = new AgentId("a-2") }); // handed to another agent
        three = await SaveAsync(store, three with { DepartmentId = new DepartmentId("d-1"), Channel = "email" });
        await AssertCountersMatchAsync("a-1/d-1/chat/OnHold=1,a-2/d-1/chat/Taken=1,a-2/d-1/email/Taken=1");

        await SaveAsync(store, two with { State = ConversationState.Closed });
        await SaveAsync(store, three with { State = ConversationState.Queued, ServingAgentId = null });
        await SaveAsync(store, one with { State = ConversationState.Taken, Tags = ["billing"] });
        await AssertCountersMatchAsync("a-1/d-1/chat/Taken=1");

        await StorageFixture.ExecuteAsync(fixture.ConnectionString, "DELETE FROM conversation_messages; DELETE FROM conversations");
        await AssertCountersMatchAsync(string.Empty);
    }

    /// <summary>
    /// Since schema 8 the trigger fires for UPDATEs that name the counted key's columns (no WHEN) and returns at once when
    /// they keep their values; the function names them only when the write changes one. Posts with messages, and any
    /// other writer's UPDATE, keep the counters exact.
    /// </summary>
    [Fact]
    public async Task The_load_counters_stay_exact_for_posts_and_for_other_writers_updates_that_name_or_keep_the_key()
    {
        var database = await fixture.ResetAsync();
        var store = database.Conversations;
        var one = await SaveAsync(store, Taken(await CreateAsync(store, "c-1", contact: "k-1"), "a-1"), Claim("a-1", 5));
        await AssertCountersMatchAsync("a-1/d-1/chat/Taken=1");

        // Posts keep the key: one message, then two, then a message that also moves the conversation.
        one = await store.SaveAsync(new ConversationWrite(one with { MessageCount = 2 }) { Messages = [Message(2, "one")] }, CancellationToken.None);
        one = await store.SaveAsync(new ConversationWrite(one with { MessageCount = 4 }) { Messages = [Message(3, "two"), Message(4, "three")] }, CancellationToken.None);
        await AssertCountersMatchAsync("a-1/d-1/chat/Taken=1");
        one = await store.SaveAsync(new ConversationWrite(one with { MessageCount = 5, State = ConversationState.OnHold }) { Messages = [Message(5, "held")] }, CancellationToken.None);
        await AssertCountersMatchAsync("a-1/d-1/chat/OnHold=1");

        // Another writer's UPDATEs: naming the key with the same values, naming it with new ones, not naming it.
        await StorageFixture.ExecuteAsync(fixture.ConnectionString, "UPDATE conversations SET state = state, serving_agent_id = serving_agent_id, version = version + 1");
        await AssertCountersMatchAsync("a-1/d-1/chat/OnHold=1");
        await StorageFixture.ExecuteAsync(fixture.ConnectionString, "UPDATE conversations SET serving_agent_id = 'a-2', channel = 'email', version = version + 1");
        await AssertCountersMatchAsync("a-2/d-1/email/OnHold=1");
        await StorageFixture.ExecuteAsync(fixture.ConnectionString, "UPDATE conversations SET message_count = message_count, version = version + 1");
        await AssertCountersMatchAsync("a-2/d-1/email/OnHold=1");
        Assert.Equal(1L, await StorageFixture.ExecuteAsync(fixture.ConnectionString, "SELECT count(*) FROM conversation_loads WHERE conversations > 0"));
    }

    [Fact]
    public async Task A_claim_counts_the_agents_other_conversations_from_the_counters_not_the_one_it_writes()
    {
        var database = await fixture.ResetAsync();
        var store = database.Conversations;
        var first = await SaveAsync(store, Taken(await CreateAsync(store, "c-1", contact: "k-1"), "a-1"), Claim("a-1", 2));
        await SaveAsync(store, Taken(await CreateAsync(store, "c-2", contact: "k-2"), "a-1"), Claim("a-1", 2));

        // At 2 of 2: a write of one of the two, claiming again, still fits (it is not counted against itself)...
        await SaveAsync(store, first with { Topic = "invoice" }, Claim("a-1", 2));
        // ...and a third is refused with the load the counters hold.
        var third = await CreateAsync(store, "c-3", contact: "k-3");
        var refused = await Assert.ThrowsAsync<CapacityExceededException>(async () => await SaveAsync(store, Taken(third, "a-1"), Claim("a-1", 2)));

        Assert.Equal(2, refused.AgentLoad);
        await AssertCountersMatchAsync("a-1/d-1/chat/Taken=2");
    }

    [Fact]
    public async Task Migrating_a_schema_5_database_fills_the_counters_from_its_open_conversations()
    {
        var connectionString = await fixture.CreateDatabaseAsync();
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync(None);
            await using var transaction = await connection.BeginTransactionAsync(None);
            await ExecuteAsync(connection, transaction, "CREATE TABLE schema_version (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())");
            foreach (var migration in PostgreSqlMigrations.All.Where(m => m.Version <= 5))
            {
                await ExecuteAsync(connection, transaction, migration.Sql);
                await ExecuteAsync(connection, transaction, $"INSERT INTO schema_version (version, name) VALUES ({migration.Version}, '{migration.Name}')");
            }

            await ExecuteAsync(connection, transaction, """
                INSERT INTO conversations (id, contact_id, department_id, channel, state, serving_agent_id, created_at, message_count, version, data)
                VALUES ('c-1', 'k-1', 'd-1', 'chat', 'Taken', 'a-1', now(), 1, 1, '{}'),
                       ('c-2', 'k-2', 'd-1', 'chat', 'Taken', 'a-1', now(), 1, 1, '{}'),
                       ('c-3', 'k-3', 'd-1', 'chat', 'OnHold', 'a-1', now(), 1, 1, '{}'),
                       ('c-4', 'k-4', 'd-1', 'chat', 'Closed', 'a-1', now(), 1, 1, '{}'),
                       ('c-5', 'k-5', 'd-1', 'chat', 'Queued', NULL, now(), 1, 1, '{}')
                """);
            await transaction.CommitAsync(None);
        }

        await using var database = new PostgreSqlOmnichannelDatabase(new PostgreSqlStorageOptions { ConnectionString = connectionString });
        await database.MigrateAsync(None);

        Assert.Equal("a-1/d-1/chat/OnHold=1,a-1/d-1/chat/Taken=2", await StorageFixture.ExecuteAsync(connectionString, Counters));
    }

    private async Task AssertCountersMatchAsync(string expected)
    {
        Assert.Equal(expected, await StorageFixture.ExecuteAsync(fixture.ConnectionString, Counted));
        Assert.Equal(expected, await StorageFixture.ExecuteAsync(fixture.ConnectionString, Counters));
    }

    private static async Task<Conversation> SaveAsync(IConversationStore store, Conversation next, CapacityClaim? claim = null) =>
        await store.SaveAsync(new ConversationWrite(next, claim, null), None);

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(None);
    }
}
