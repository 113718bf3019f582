using System.Text;
using Omnichannel.Conversations;
using Omnichannel.Storage.Shared;
using Omnichannel.Storage.Sqlite.Internal;

namespace Omnichannel.Storage.Sqlite.Stores;

/// <summary>
/// Conversations, their message logs and their outbox jobs. Every write is one <c>BEGIN IMMEDIATE</c> transaction:
/// the version check, the one-open-conversation rule, the capacity claim, the conversation row, the appended messages
/// and the jobs commit together or not at all, also against other processes sharing the file.
/// </summary>
/// <remarks>Thread-safe.</remarks>
internal sealed partial class SqliteConversationStore(SqliteOmnichannelDatabase database) : IConversationStore
{
    private const string OpenOfContactInDepartment =
        "SELECT data FROM conversations WHERE contact_id = $contact AND department_id = $department AND state <> 4";

    private const string OtherOpenOfContactInDepartment =
        "SELECT id FROM conversations WHERE contact_id = $contact AND department_id = $department AND state <> 4 AND id <> $id";

    private const string StoredState =
        "SELECT version, contact_id, department_id, state, message_count FROM conversations WHERE id = $id";

    // The loads a claim counts, in one pass over the agent's rows: overall, in the department, in the channel.
    private const string ClaimLoads = """
        SELECT COUNT(*), COALESCE(SUM(department_id = $department), 0), COALESCE(SUM(channel = $channel), 0)
        FROM conversations
        WHERE serving_agent_id = $agent AND id <> $id AND (state IN (1, 3) OR (state = 2 AND $on_hold))
        """;

    private const string CountServed = """
        SELECT COUNT(*) FROM conversations
        WHERE serving_agent_id = $agent AND (state IN (1, 3) OR (state = 2 AND $on_hold)) AND ($department IS NULL OR department_id = $department)
        """;

    private const string ReadPage =
        $"SELECT {MessageRow.Columns} FROM messages WHERE conversation_id = $id AND sequence > $after ORDER BY sequence LIMIT $limit";

    /// <inheritdoc />
    public ValueTask<Conversation?> GetAsync(ConversationId id, CancellationToken cancellationToken) =>
        database.ReadAsync(id.Value, static (session, id) =>
        {
            using var reader = session.Command("SELECT data FROM conversations WHERE id = $id").With("$id", id).ExecuteReader();
            return reader.Read() ? StorageJson.Deserialize<Conversation>(reader.GetString(0)) : null;
        }, cancellationToken);

    /// <inheritdoc />
    public ValueTask<(Conversation Conversation, bool Created)> CreateOrGetOpenAsync(ConversationWrite write, CancellationToken cancellationToken)
    {
        var candidate = write.Conversation ?? throw new ArgumentException("The write has no conversation.", nameof(write));
        if (candidate.Version != 0 || !candidate.IsOpen)
        {
            throw new ArgumentException($"A new conversation must be open and at version 0; conversation '{candidate.Id}' is {candidate.State} at version {candidate.Version}.", nameof(write));
        }

        if (write.Claim is not null || write.Outbox is { Count: > 0 })
        {
            throw new ArgumentException($"A new conversation is stored without a capacity claim or outbox jobs; conversation '{candidate.Id}' has one.", nameof(write));
        }

        write.EnsureMessagesContinue(0);
        cancellationToken.ThrowIfCancellationRequested();
        var row = ConversationRow.At(candidate, 1);
        var messages = MessageRow.From(candidate.Id, write.Messages);
        return database.WriteAsync((Row: row, Messages: messages), static (session, w) =>
        {
            var stored = w.Row.Stored;
            using (var reader = session.Command(OpenOfContactInDepartment)
                .With("$contact", stored.ContactId.Value)
                .With("$department", stored.DepartmentId.Value)
                .ExecuteReader())
            {
                if (reader.Read())
                {
                    return (StorageJson.Deserialize<Conversation>(reader.GetString(0)), false);
                }
            }

            if (session.Command("SELECT version FROM conversations WHERE id = $id").With("$id", stored.Id.Value).ExecuteInt64OrNull() is { } clash)
            {
                throw new ConcurrencyConflictException($"conversation '{stored.Id}'", 0, clash);
            }

            w.Row.InsertInto(session);
            MessageRow.InsertAll(session, stored.Id.Value, w.Messages);
            return (stored, true);
        }, cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask<Conversation> SaveAsync(ConversationWrite write, CancellationToken cancellationToken)
    {
        var next = write.Conversation ?? throw new ArgumentException("The write has no conversation.", nameof(write));
        cancellationToken.ThrowIfCancellationRequested();
        // Everything that can be computed without the stored row is, before the write lock is taken.
        var row = ConversationRow.At(next, next.Version + 1);
        var messages = MessageRow.From(next.Id, write.Messages);
        return database.WriteAsync((Write: write, Row: row, Messages: messages), static (session, w) => Save(session, w.Write, w.Row, w.Messages), cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<Message>> ReadMessagesAsync(ConversationId id, int afterSequence, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(afterSequence);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        return database.ReadAsync((Id: id.Value, After: afterSequence, Limit: limit), static (session, q) =>
        {
            var page = new List<Message>(Math.Min(q.Limit, 256));
            using var reader = session.Command(ReadPage).With("$id", q.Id).With("$after", q.After).With("$limit", q.Limit).ExecuteReader();
            while (reader.Read())
            {
                page.Add(MessageRow.Read(reader));
            }

            return (IReadOnlyList<Message>)page;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<Conversation>> QueryAsync(ConversationQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Validate();
        return database.ReadAsync((Sql: QuerySql(query), Query: query), static (session, q) =>
        {
            var result = new List<Conversation>();
            using (var reader = session.Command(q.Sql)
                .With("$contact", q.Query.ContactId?.Value)
                .With("$department", q.Query.DepartmentId?.Value)
                .With("$agent", q.Query.ServingAgentId?.Value)
                .ExecuteReader())
            {
                while (reader.Read())
                {
                    result.Add(StorageJson.Deserialize<Conversation>(reader.GetString(0)));
                }
            }

            // Oldest first, then by id in the ordinal order of .NET strings (SQLite compares UTF-8 bytes).
            result.Sort(static (x, y) => x.CreatedAt != y.CreatedAt ? x.CreatedAt.CompareTo(y.CreatedAt) : string.CompareOrdinal(x.Id.Value, y.Id.Value));
            return (IReadOnlyList<Conversation>)result;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask<int> CountServedAsync(AgentId agent, DepartmentId? department, bool countOnHold, CancellationToken cancellationToken) =>
        database.ReadAsync((Agent: agent.Value, Department: department?.Value, OnHold: countOnHold), static (session, q) =>
            (int)(session.Command(CountServed)
                .With("$agent", q.Agent)
                .With("$department", q.Department)
                .With("$on_hold", q.OnHold)
                .ExecuteInt64OrNull() ?? 0), cancellationToken);

    private static Conversation Save(SqliteSession session, ConversationWrite write, ConversationRow row, MessageRow[] messages)
    {
        var next = write.Conversation;
        var id = next.Id.Value;
        long storedVersion;
        string storedContact, storedDepartment;
        int storedState, storedMessageCount;
        using (var reader = session.Command(StoredState).With("$id", id).ExecuteReader())
        {
            if (!reader.Read())
            {
                throw new ConcurrencyConflictException($"conversation '{next.Id}'", next.Version, 0);
            }

            storedVersion = reader.GetInt64(0);
            storedContact = reader.GetString(1);
            storedDepartment = reader.GetString(2);
            storedState = reader.GetInt32(3);
            storedMessageCount = reader.GetInt32(4);
        }

        if (storedVersion != next.Version)
        {
            throw new ConcurrencyConflictException($"conversation '{next.Id}'", next.Version, storedVersion);
        }

        if (!string.Equals(storedContact, next.ContactId.Value, StringComparison.Ordinal))
        {
            throw new ArgumentException($"Conversation '{next.Id}' cannot change contact.", nameof(write));
        }

        write.EnsureMessagesContinue(storedMessageCount);

        // Only a conversation that becomes open in a department (reopened or moved) can meet another open one there;
        // the partial unique index would refuse it too, but the check names the conversation in the way.
        if (next.IsOpen && (storedState == ConversationRow.Closed || !string.Equals(storedDepartment, next.DepartmentId.Value, StringComparison.Ordinal)))
        {
            var openId = session.Command(OtherOpenOfContactInDepartment)
                .With("$contact", next.ContactId.Value)
                .With("$department", next.DepartmentId.Value)
                .With("$id", id)
                .ExecuteScalar() as string;
            if (openId is not null)
            {
                // A conflict, not a bug: the contact's first message there raced this move. Callers re-read and decide again.
                throw new ConcurrencyConflictException(
                    $"Conversation '{next.Id}' cannot move to department '{next.DepartmentId}': contact '{next.ContactId}' already has open conversation '{openId}' there.");
            }
        }

        if (write.Claim is { } claim)
        {
            CheckCapacity(session, claim, id);
        }

        foreach (var job in write.Outbox ?? [])
        {
            OutboxRows.EnsureNew(job);
        }

        if (!row.UpdateFrom(session, storedVersion))
        {
            throw new ConcurrencyConflictException($"conversation '{next.Id}'", next.Version, storedVersion);
        }

        MessageRow.InsertAll(session, id, messages);
        foreach (var job in write.Outbox ?? [])
        {
            OutboxRows.InsertNew(session, job);
        }

        return row.Stored;
    }

    private static void CheckCapacity(SqliteSession session, CapacityClaim claim, string conversation)
    {
        int agentLoad, departmentLoad, channelLoad;
        using (var reader = session.Command(ClaimLoads)
            .With("$agent", claim.AgentId.Value)
            .With("$department", claim.DepartmentId.Value)
            .With("$channel", claim.Channel)
            .With("$id", conversation)
            .With("$on_hold", claim.CountOnHold)
            .ExecuteReader())
        {
            reader.Read();
            agentLoad = reader.GetInt32(0);
            departmentLoad = reader.GetInt32(1);
            channelLoad = reader.GetInt32(2);
        }

        if (!claim.HasRoom(agentLoad, departmentLoad, channelLoad))
        {
            throw new CapacityExceededException(claim, agentLoad, departmentLoad, channelLoad);
        }
    }

    /// <summary>The SQL of a query: one text per combination of conditions, so each is prepared once per connection.</summary>
    private static string QuerySql(ConversationQuery query)
    {
        var sql = new StringBuilder("SELECT data FROM conversations WHERE 1 = 1");
        if (query.ContactId is not null)
        {
            sql.Append(" AND contact_id = $contact");
        }

        if (query.DepartmentId is not null)
        {
            sql.Append(" AND department_id = $department");
        }

        if (query.ServingAgentId is not null)
        {
            sql.Append(" AND serving_agent_id = $agent");
        }

        if (query.States is { } states)
        {
            // The states are the enum's own numbers, so they go into the text; an empty set matches nothing.
            var numbers = states.Select(static s => (int)s).Distinct().Order().ToArray();
            sql.Append(numbers.Length == 0 ? " AND 0" : $" AND state IN ({string.Join(", ", numbers)})");
        }

        return sql.ToString();
    }
}
