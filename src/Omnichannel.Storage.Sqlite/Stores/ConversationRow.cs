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
        """;

    private const string Update = """
        UPDATE conversations
        SET department_id = $department_id, state = $state, serving_agent_id = $serving_agent_id, channel = $channel,
            created_at = $created_at, queued_at = $queued_at, version = $version, message_count = $message_count, data = $data
        WHERE id = $id AND version = $expected
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

    public void InsertInto(SqliteSession session) => Bind(session.Command(Insert)).ExecuteNonQuery();

    /// <summary>Replaces the stored row if it is still at <paramref name="expected"/>; false when it is not.</summary>
    public bool UpdateFrom(SqliteSession session, long expected) =>
        Bind(session.Command(Update)).With("$expected", expected).ExecuteNonQuery() == 1;

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
