using Omnichannel.Conversations;
using Omnichannel.Storage.Shared;
using Omnichannel.Storage.Sqlite.Internal;

namespace Omnichannel.Storage.Sqlite.Stores;

/// <summary>
/// A conversation as a row of the <c>conversations</c> table: the columns the queries and constraints need, and the
/// whole record (without messages) as JSON. Built before the write lock is taken.
/// </summary>
/// <remarks>Immutable and thread-safe.</remarks>
internal sealed record ConversationRow(Conversation Stored, string Data, long CreatedAt, long QueuedAt)
{
    public const int Closed = (int)ConversationState.Closed;

    private const string Insert = """
        INSERT INTO conversations (id, contact_id, department_id, state, serving_agent_id, channel, created_at, queued_at, version, message_count, data)
        VALUES ($id, $contact_id, $department_id, $state, $serving_agent_id, $channel, $created_at, $queued_at, $version, $message_count, $data)
        ON CONFLICT DO NOTHING
        """;

    private const string Update = """
        UPDATE conversations
        SET department_id = $department_id, state = $state, serving_agent_id = $serving_agent_id, channel = $channel,
            created_at = $created_at, queued_at = $queued_at, version = $version, message_count = $message_count, data = $data
        WHERE id = $id AND version = $expected AND contact_id = $contact_id AND message_count = $expected_count
          AND NOT EXISTS (SELECT 1 FROM agents WHERE id = $read_agent AND version <> $read_agent_version)
          AND NOT EXISTS (SELECT 1 FROM departments WHERE id = $read_department AND version <> $read_department_version)
        """;

    /// <summary>The row of <paramref name="conversation"/> stored at <paramref name="version"/>.</summary>
    public static ConversationRow At(Conversation conversation, long version)
    {
        var stored = conversation.WithVersion(version);
        return new ConversationRow(
            stored,
            StorageJson.Serialize(stored),
            StorageTime.ToUnixNanoseconds(stored.CreatedAt, $"the creation time of conversation '{stored.Id}'"),
            StorageTime.ToUnixNanoseconds(stored.QueuedAt, $"the queueing time of conversation '{stored.Id}'"));
    }

    /// <summary>
    /// Inserts the row unless its id is taken or its contact already has an open conversation in its department
    /// (either unique index); false when nothing was inserted.
    /// </summary>
    public bool TryInsertInto(SqliteSession session) => Bind(session.Command(Insert)).ExecuteNonQuery() == 1;

    /// <summary>
    /// Replaces the stored row if it is still at version <paramref name="expected"/>, of the same contact, holding
    /// <paramref name="expectedMessageCount"/> messages, and the agent and department records the change was decided from
    /// (<see cref="ConversationWrite.DecidedFromAgent"/>, <see cref="ConversationWrite.DecidedFromDepartment"/>) are still
    /// at those versions when this database holds them; false when not (nothing is written). The checks are in the
    /// UPDATE itself, so a change decided from remembered reads costs no statement more than one decided from fresh ones.
    /// </summary>
    /// <exception cref="Microsoft.Data.Sqlite.SqliteException">The contact has another open conversation in the department (unique index).</exception>
    public bool TryUpdateFrom(SqliteSession session, ConversationWrite write, long expected, int expectedMessageCount) =>
        Bind(session.Command(Update))
            .With("$expected", expected)
            .With("$expected_count", expectedMessageCount)
            .With("$read_agent", write.DecidedFromAgent?.Id.Value)
            .With("$read_agent_version", write.DecidedFromAgent?.Version ?? 0)
            .With("$read_department", write.DecidedFromDepartment?.Id.Value)
            .With("$read_department_version", write.DecidedFromDepartment?.Version ?? 0)
            .ExecuteNonQuery() == 1;

    private Microsoft.Data.Sqlite.SqliteCommand Bind(Microsoft.Data.Sqlite.SqliteCommand command) =>
        command
            .With("$id", Stored.Id.Value)
            .With("$contact_id", Stored.ContactId.Value)
            .With("$department_id", Stored.DepartmentId.Value)
            .With("$state", (int)Stored.State)
            .With("$serving_agent_id", Stored.ServingAgentId?.Value)
            .With("$channel", Stored.Channel)
            .With("$created_at", CreatedAt)
            .With("$queued_at", QueuedAt)
            .With("$version", Stored.Version)
            .With("$message_count", Stored.MessageCount)
            .With("$data", Data);
}
