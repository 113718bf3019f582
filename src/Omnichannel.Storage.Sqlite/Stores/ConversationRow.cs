using Omnichannel.Conversations;
using Omnichannel.Storage.Shared;
using Omnichannel.Storage.Sqlite.Internal;

namespace Omnichannel.Storage.Sqlite.Stores;

/// <summary>
/// A conversation as a row of the <c>conversations</c> table: the columns the queries and constraints need, and the
/// whole record (without messages) as JSON, kept as the UTF-8 bytes SQLite stores (TEXT). Built before the write lock is taken.
/// </summary>
/// <remarks>Immutable and thread-safe (the bytes are never changed once serialized).</remarks>
internal sealed record ConversationRow(Conversation Stored, byte[] Data, long CreatedAt, long QueuedAt)
{
    public const int Closed = (int)ConversationState.Closed;

    private const string Insert = """
        INSERT INTO conversations (id, contact_id, department_id, state, serving_agent_id, channel, created_at, queued_at, version, message_count, data)
        VALUES ($id, $contact_id, $department_id, $state, $serving_agent_id, $channel, $created_at, $queued_at, $version, $message_count, $data)
        ON CONFLICT DO NOTHING
        """;

    // The columns copied from the record for indexes and WHERE clauses that a change may leave as they are, in the order
    // of the bits of a "kept" mask. SQLite rewrites an index's entry only when its UPDATE sets a column of that index (or
    // of its WHERE clause): setting a column to the value it holds still rewrites every index holding it. An agent's
    // message changes none of them, yet with all of them in SET it wrote 8 pages (the table's and 7 indexes') to the WAL.
    private static readonly (string Name, bool Nullable)[] IndexedColumns =
    [
        ("department_id", false), ("state", false), ("serving_agent_id", true), ("channel", false), ("created_at", false), ("queued_at", false),
    ];

    private const int AllChanged = 0;

    /// <summary>The UPDATE of each "kept" mask, built on first use (2^6 texts at most; a text is immutable, so a race only builds one twice).</summary>
    private static readonly string?[] Updates = new string?[1 << 6];

    /// <summary>
    /// The UPDATE that sets the columns a change alters and checks, in its WHERE clause, that the ones it keeps
    /// (<paramref name="kept"/>, bits of <see cref="IndexedColumns"/>) hold the values of the new record: a kept column
    /// that differs refuses the write, so which columns are kept is a guess that can cost a statement, never a wrong row.
    /// </summary>
    private static string UpdateSql(int kept) => Updates[kept] ??= BuildUpdate(kept);

    private static string BuildUpdate(int kept)
    {
        var set = new System.Text.StringBuilder("UPDATE conversations SET version = $version, message_count = $message_count, data = $data");
        var where = new System.Text.StringBuilder(" WHERE id = $id AND version = $expected AND contact_id = $contact_id AND message_count = $expected_count");
        for (var i = 0; i < IndexedColumns.Length; i++)
        {
            var (name, nullable) = IndexedColumns[i];
            if ((kept & (1 << i)) == 0)
            {
                set.Append(", ").Append(name).Append(" = $").Append(name);
            }
            else
            {
                where.Append(" AND ").Append(name).Append(nullable ? " IS $" : " = $").Append(name);
            }
        }

        return set.Append(where).Append("""

              AND NOT EXISTS (SELECT 1 FROM agents WHERE id = $read_agent AND version <> $read_agent_version)
              AND NOT EXISTS (SELECT 1 FROM departments WHERE id = $read_department AND version <> $read_department_version)
            """).ToString();
    }

    /// <summary>The row of <paramref name="conversation"/> stored at <paramref name="version"/>.</summary>
    public static ConversationRow At(Conversation conversation, long version)
    {
        var stored = conversation.WithVersion(version);
        return new ConversationRow(
            stored,
            StorageJson.SerializeToUtf8Bytes(stored),
            StorageTime.ToUnixNanoseconds(stored.CreatedAt, $"the creation time of conversation '{stored.Id}'"),
            StorageTime.ToUnixNanoseconds(stored.QueuedAt, $"the queueing time of conversation '{stored.Id}'"));
    }

    /// <summary>
    /// Inserts the row unless its id is taken or its contact already has an open conversation in its department
    /// (either unique index); false when nothing was inserted.
    /// </summary>
    public bool TryInsertInto(SqliteSession session) => Bind(session.Statement(Insert)).Execute() == 1;

    /// <summary>
    /// Replaces the stored row if it is still at version <paramref name="expected"/>, of the same contact, holding
    /// <paramref name="expectedMessageCount"/> messages, and the agent and department records the change was decided from
    /// (<see cref="ConversationWrite.DecidedFromAgent"/>, <see cref="ConversationWrite.DecidedFromDepartment"/>) are still
    /// at those versions when this database holds them; false when not (nothing is written). The checks are in the
    /// UPDATE itself, so a change decided from remembered reads costs no statement more than one decided from fresh ones.
    /// </summary>
    /// <param name="session">The writer's session, in the write's transaction.</param>
    /// <param name="write">The write.</param>
    /// <param name="expected">The version the change was decided from.</param>
    /// <param name="expectedMessageCount">The stored message count the write's messages continue.</param>
    /// <param name="basis">
    /// What this process holds of the conversation at <paramref name="expected"/>, or null: the indexed columns the new
    /// record shares with it are left out of SET (their indexes are not rewritten) and checked in WHERE instead. Should
    /// the stored row differ from it after all, that narrower UPDATE changes nothing and the full one runs.
    /// </param>
    /// <exception cref="Microsoft.Data.Sqlite.SqliteException">The contact has another open conversation in the department (unique index).</exception>
    public bool TryUpdateFrom(SqliteSession session, ConversationWrite write, long expected, int expectedMessageCount, Conversation? basis)
    {
        var kept = KeptSince(basis);
        return TryUpdate(session, write, expected, expectedMessageCount, kept)
            || (kept != AllChanged && TryUpdate(session, write, expected, expectedMessageCount, AllChanged));
    }

    private bool TryUpdate(SqliteSession session, ConversationWrite write, long expected, int expectedMessageCount, int kept) =>
        Bind(session.Statement(UpdateSql(kept)))
            .Bind("$expected", expected)
            .Bind("$expected_count", expectedMessageCount)
            .Bind("$read_agent", write.DecidedFromAgent?.Id.Value)
            .Bind("$read_agent_version", write.DecidedFromAgent?.Version ?? 0)
            .Bind("$read_department", write.DecidedFromDepartment?.Id.Value)
            .Bind("$read_department_version", write.DecidedFromDepartment?.Version ?? 0)
            .Execute() == 1;

    /// <summary>The bits of <see cref="IndexedColumns"/> whose values the new record shares with <paramref name="basis"/>.</summary>
    private int KeptSince(Conversation? basis)
    {
        if (basis is null)
        {
            return AllChanged;
        }

        var kept = 0;
        kept |= string.Equals(basis.DepartmentId.Value, Stored.DepartmentId.Value, StringComparison.Ordinal) ? 1 << 0 : 0;
        kept |= basis.State == Stored.State ? 1 << 1 : 0;
        kept |= string.Equals(basis.ServingAgentId?.Value, Stored.ServingAgentId?.Value, StringComparison.Ordinal) ? 1 << 2 : 0;
        kept |= string.Equals(basis.Channel, Stored.Channel, StringComparison.Ordinal) ? 1 << 3 : 0;
        kept |= basis.CreatedAt == Stored.CreatedAt ? 1 << 4 : 0;
        kept |= basis.QueuedAt == Stored.QueuedAt ? 1 << 5 : 0;
        return kept;
    }

    private SqliteStatement Bind(SqliteStatement statement) =>
        statement
            .Bind("$id", Stored.Id.Value)
            .Bind("$contact_id", Stored.ContactId.Value)
            .Bind("$department_id", Stored.DepartmentId.Value)
            .Bind("$state", (int)Stored.State)
            .Bind("$serving_agent_id", Stored.ServingAgentId?.Value)
            .Bind("$channel", Stored.Channel)
            .Bind("$created_at", CreatedAt)
            .Bind("$queued_at", QueuedAt)
            .Bind("$version", Stored.Version)
            .Bind("$message_count", Stored.MessageCount)
            .BindUtf8("$data", Data);
}
