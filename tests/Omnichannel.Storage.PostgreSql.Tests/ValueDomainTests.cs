using Npgsql;
using Omnichannel.Conversations;
using static Omnichannel.Storage.PostgreSql.Tests.TestData;

namespace Omnichannel.Storage.PostgreSql.Tests;

/// <summary>
/// The value rules of the tables (a version is positive, a count not negative, a message number positive, a state,
/// status or scope one of its names) hold for any writer, not only for the adapter: since schema 9 they are domains
/// instead of table CHECK constraints, and a value written straight into a table is refused by the domain's constraint.
/// </summary>
public sealed class ValueDomainTests(StorageFixture fixture) : IClassFixture<StorageFixture>
{
    /// <summary>Each statement stores one forbidden value; the constraint that must refuse it.</summary>
    public static TheoryData<string, string> ForbiddenValues => new()
    {
        { "UPDATE conversations SET state = 'Lost'", "omnichannel_conversation_state_name" },
        { "UPDATE conversations SET state = 'closed'", "omnichannel_conversation_state_name" },
        { "UPDATE conversations SET message_count = -1", "omnichannel_count_not_negative" },
        { "UPDATE conversations SET version = 0", "omnichannel_version_positive" },
        { "UPDATE conversations SET version = version - version", "omnichannel_version_positive" },
        { "INSERT INTO conversations (id, contact_id, department_id, channel, state, created_at, message_count, version, data) VALUES ('c-x', 'k-x', 'd-1', 'chat', 'Queued', now(), 0, -5, '{}')", "omnichannel_version_positive" },
        { "UPDATE conversation_messages SET sequence = 0", "omnichannel_message_number_positive" },
        { "INSERT INTO conversation_messages (conversation_id, sequence, data) SELECT id, -1, '{}' FROM conversations", "omnichannel_message_number_positive" },
        { "UPDATE conversation_loads SET conversations = conversations - 100", "omnichannel_count_not_negative" },
        { "INSERT INTO outbox (id, kind, conversation_id, status, created_at, due_at, version, data) VALUES ('j-x', 'k', 'c-1', 'Sent', now(), now(), 1, '{}')", "omnichannel_outbox_status_name" },
        { "INSERT INTO outbox (id, kind, conversation_id, status, created_at, due_at, version, data) VALUES ('j-x', 'k', 'c-1', 'Pending', now(), now(), 0, '{}')", "omnichannel_version_positive" },
        { "INSERT INTO agents (id, version) VALUES ('a-x', 0)", "omnichannel_version_positive" },
        { "INSERT INTO departments (id, version) VALUES ('d-x', -1)", "omnichannel_version_positive" },
        { "INSERT INTO contacts (id, version) VALUES ('k-x', 0)", "omnichannel_version_positive" },
        { "INSERT INTO calls (conversation_id, version) VALUES ('c-x', 0)", "omnichannel_version_positive" },
        { "INSERT INTO tags (id, version) VALUES ('t-x', 0)", "omnichannel_version_positive" },
        { "INSERT INTO canned_responses (id, scope, version) VALUES ('r-x', 'Everyone', 1)", "omnichannel_canned_response_scope_name" },
        { "INSERT INTO canned_responses (id, scope, version) VALUES ('r-x', 'Public', 0)", "omnichannel_version_positive" },
    };

    [Theory]
    [MemberData(nameof(ForbiddenValues))]
    public async Task A_forbidden_value_written_straight_into_a_table_is_refused_by_its_domain(string statement, string constraint)
    {
        await StoredConversationServedByAnAgentAsync();

        var refusal = await Assert.ThrowsAsync<PostgresException>(() => StorageFixture.ExecuteAsync(fixture.ConnectionString, statement));

        Assert.Equal(PostgresErrorCodes.CheckViolation, refusal.SqlState);
        Assert.Equal(constraint, refusal.ConstraintName);
    }

    [Fact]
    public async Task The_edges_of_each_rule_are_accepted()
    {
        await StoredConversationServedByAnAgentAsync();

        // Each closest allowed value, written the same way: nothing refuses it.
        foreach (var state in new[] { "Queued", "Taken", "OnHold", "Forwarded", "Closed" })
        {
            await StorageFixture.ExecuteAsync(fixture.ConnectionString, $"UPDATE conversations SET state = '{state}' WHERE id = 'c-1'");
        }

        await StorageFixture.ExecuteAsync(fixture.ConnectionString, "UPDATE conversations SET message_count = 0, version = 1 WHERE id = 'c-1'");
        await StorageFixture.ExecuteAsync(fixture.ConnectionString, "UPDATE conversation_messages SET sequence = 1 WHERE conversation_id = 'c-1' AND sequence = 1");
        await StorageFixture.ExecuteAsync(fixture.ConnectionString, "UPDATE conversation_loads SET conversations = 0");
        Assert.Equal(1L, await StorageFixture.ExecuteAsync(fixture.ConnectionString, "SELECT count(*) FROM conversations WHERE state = 'Closed' AND message_count = 0 AND version = 1"));
    }

    [Fact]
    public async Task No_table_keeps_a_check_constraint_that_its_domain_now_holds()
    {
        await fixture.ResetAsync();

        // A CHECK left beside its domain would cost a catalog read per statement again (schema 9's reason).
        var checks = await StorageFixture.ExecuteAsync(fixture.ConnectionString, """
            SELECT coalesce(string_agg(conname, ', ' ORDER BY conname), '') FROM pg_constraint c
              JOIN pg_class t ON t.oid = c.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace
             WHERE c.contype = 'c' AND n.nspname = current_schema()
            """);
        Assert.Equal(string.Empty, checks);
    }

    // One conversation taken by an agent (so every table the statements touch has a row, and a counter exists).
    private async Task StoredConversationServedByAnAgentAsync()
    {
        var database = await fixture.ResetAsync();
        var conversation = await CreateAsync(database.Conversations, "c-1");
        await database.Conversations.SaveAsync(new ConversationWrite(Taken(conversation, "a-1"), Claim("a-1", 5), null), CancellationToken.None);
    }
}
