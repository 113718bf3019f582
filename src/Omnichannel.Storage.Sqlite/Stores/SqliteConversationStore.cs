using System.Text;
using Omnichannel.Capacity;
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

    // The loads a claim counts, in one pass over the agent's open rows: overall, in the department, in the channel.
    // "state IN (1, 2, 3)" lets the (serving_agent_id, state) index seek to the open states only: the agent's closed
    // conversations (their whole history) are never visited, so a claim costs the same after years of service.
    private const string ClaimLoads = """
        SELECT COUNT(*), COALESCE(SUM(department_id = $department), 0), COALESCE(SUM(channel = $channel), 0)
        FROM conversations
        WHERE serving_agent_id = $agent AND state IN (1, 2, 3) AND (state <> 2 OR $on_hold) AND id <> $id
        """;

    private const string CountServed = """
        SELECT COUNT(*) FROM conversations
        WHERE serving_agent_id = $agent AND state IN (1, 2, 3) AND (state <> 2 OR $on_hold) AND ($department IS NULL OR department_id = $department)
        """;

    // The data only when it differs from the version this process already parsed (see VersionedCache).
    private const string SelectChanged = "SELECT version, CASE WHEN version = $known THEN NULL ELSE data END FROM conversations WHERE id = $id";
    private const string SelectData = "SELECT data FROM conversations WHERE id = $id";

    private readonly VersionedCache<Conversation> _cache = new();

    private const string ReadPage =
        $"SELECT {MessageRow.Columns} FROM messages WHERE conversation_id = $id AND sequence > $after ORDER BY sequence LIMIT $limit";

    /// <inheritdoc />
    public ValueTask<Conversation?> GetAsync(ConversationId id, CancellationToken cancellationToken) =>
        database.ReadAsync((Cache: _cache, Id: id.Value), static (session, q) => ChangedRowRead.Read(session, SelectChanged, SelectData, q.Id, q.Cache), cancellationToken, pointRead: true);

    /// <summary>
    /// What this process last read or wrote of the conversation, without a statement; a read when it remembers nothing.
    /// The change's UPDATE checks the version, so a stale answer is refused, never written.
    /// </summary>
    public ValueTask<Conversation?> GetForChangeAsync(ConversationId id, CancellationToken cancellationToken) =>
        _cache.Latest(id.Value) is { } remembered ? ValueTask.FromResult<Conversation?>(remembered) : GetAsync(id, cancellationToken);

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
        return Remember(database.WriteAsync((Row: row, Messages: messages), static (session, w) =>
        {
            var stored = w.Row.Stored;
            if (w.Row.TryInsertInto(session))
            {
                MessageRow.InsertAll(session, stored.Id.Value, w.Messages);
                return (stored, true);
            }

            // Nothing inserted: the contact has an open conversation in the department (return it), or the id is taken.
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

            var clash = session.Command("SELECT version FROM conversations WHERE id = $id").With("$id", stored.Id.Value).ExecuteInt64OrNull();
            throw new ConcurrencyConflictException($"conversation '{stored.Id}'", 0, clash ?? 0);
        }, cancellationToken));
    }

    /// <inheritdoc />
    public ValueTask<Conversation> SaveAsync(ConversationWrite write, CancellationToken cancellationToken)
    {
        var next = write.Conversation ?? throw new ArgumentException("The write has no conversation.", nameof(write));
        cancellationToken.ThrowIfCancellationRequested();
        // Everything that can be computed without the stored row is, before the write lock is taken.
        var row = ConversationRow.At(next, next.Version + 1);
        var messages = MessageRow.From(next.Id, write.Messages);
        long? closedAt = next.State == ConversationState.Closed ? StorageTime.ToUnixNanoseconds(database.Clock.GetCurrentInstant(), "the current time") : null;
        // What this process holds at the version the change was decided from: the UPDATE leaves the indexed columns the
        // change keeps alone (and checks them), so it rewrites only the indexes of what changed.
        var basis = _cache.At(next.Id.Value, next.Version);
        return Remember(database.WriteAsync((Write: write, Row: row, Messages: messages, ClosedAt: closedAt, Basis: basis), static (session, w) =>
        {
            var stored = Save(session, w.Write, w.Row, w.Messages, w.Basis);
            if (w.ClosedAt is { } now)
            {
                RestartRetention(session, stored.Id.Value, now);
            }

            return stored;
        }, cancellationToken));
    }

    /// <summary>Caches what a write stored once it has committed, so the next operation's read skips the parse.</summary>
    private ValueTask<(Conversation Conversation, bool Created)> Remember(ValueTask<(Conversation Conversation, bool Created)> write)
    {
        if (write.IsCompletedSuccessfully)
        {
            Remember(write.Result.Conversation);
            return write;
        }

        return Awaited(write);

        async ValueTask<(Conversation, bool)> Awaited(ValueTask<(Conversation Conversation, bool Created)> pending)
        {
            var result = await pending.ConfigureAwait(false);
            Remember(result.Conversation);
            return result;
        }
    }

    private ValueTask<Conversation> Remember(ValueTask<Conversation> write)
    {
        if (write.IsCompletedSuccessfully)
        {
            Remember(write.Result);
            return write;
        }

        return Awaited(write);

        async ValueTask<Conversation> Awaited(ValueTask<Conversation> pending)
        {
            var stored = await pending.ConfigureAwait(false);
            Remember(stored);
            return stored;
        }
    }

    private void Remember(Conversation stored) => _cache.Remember(stored.Id.Value, stored.Version, stored);

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

    /// <summary>
    /// The write: one UPDATE whose WHERE clause checks version, contact and message count, then the claim, the jobs and
    /// the messages. Only a refused write reads the stored row, to say why, in the order the port gives: version,
    /// contact, messages, another open conversation, capacity, jobs.
    /// </summary>
    private static Conversation Save(SqliteSession session, ConversationWrite write, ConversationRow row, MessageRow[] messages, Conversation? basis)
    {
        var next = write.Conversation;
        var priorCount = next.MessageCount - messages.Length;
        if (!Continues(write, priorCount))
        {
            throw ExplainRefusal(session, write);
        }

        bool updated;
        try
        {
            updated = row.TryUpdateFrom(session, write, next.Version, priorCount, basis);
        }
        catch (Microsoft.Data.Sqlite.SqliteException exception) when (SqliteErrors.IsUniqueViolation(exception))
        {
            throw OpenElsewhere(session, next, exception);
        }

        if (!updated)
        {
            throw ExplainRefusal(session, write);
        }

        if (write.Claim is { } claim)
        {
            CheckCapacity(session, claim, next.Id.Value);
        }

        foreach (var job in write.Outbox ?? [])
        {
            OutboxRows.EnsureNew(job);
            OutboxRows.InsertNew(session, job);
        }

        MessageRow.InsertAll(session, next.Id.Value, messages);
        return row.Stored;
    }

    /// <summary>True when the write's messages continue a log of <paramref name="storedCount"/> messages.</summary>
    private static bool Continues(ConversationWrite write, int storedCount)
    {
        try
        {
            write.EnsureMessagesContinue(storedCount);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>Reads the stored row to explain a refused write, with the exception the port specifies.</summary>
    private static Exception ExplainRefusal(SqliteSession session, ConversationWrite write)
    {
        var next = write.Conversation;
        using var reader = session.Command(StoredState).With("$id", next.Id.Value).ExecuteReader();
        if (!reader.Read())
        {
            return new ConcurrencyConflictException($"conversation '{next.Id}'", next.Version, 0);
        }

        var storedVersion = reader.GetInt64(0);
        if (storedVersion != next.Version)
        {
            return new ConcurrencyConflictException($"conversation '{next.Id}'", next.Version, storedVersion);
        }

        if (!string.Equals(reader.GetString(1), next.ContactId.Value, StringComparison.Ordinal))
        {
            return new ArgumentException($"Conversation '{next.Id}' cannot change contact.", nameof(write));
        }

        try
        {
            write.EnsureMessagesContinue(reader.GetInt32(4));
        }
        catch (ArgumentException exception)
        {
            return exception;
        }

        reader.Close();
        if (write.DecidedFromAgent is { } agent
            && session.Command("SELECT version FROM agents WHERE id = $id").With("$id", agent.Id.Value).ExecuteInt64OrNull() is { } agentVersion
            && agentVersion != agent.Version)
        {
            return new ConcurrencyConflictException($"agent '{agent.Id}' (the change to conversation '{next.Id}' was decided from it)", agent.Version, agentVersion);
        }

        if (write.DecidedFromDepartment is { } department
            && session.Command("SELECT version FROM departments WHERE id = $id").With("$id", department.Id.Value).ExecuteInt64OrNull() is { } departmentVersion
            && departmentVersion != department.Version)
        {
            return new ConcurrencyConflictException($"department '{department.Id}' (the change to conversation '{next.Id}' was decided from it)", department.Version, departmentVersion);
        }

        // Not reached: the UPDATE checks nothing else. Should it ever be, the caller re-reads and retries.
        return new ConcurrencyConflictException($"conversation '{next.Id}'", next.Version, storedVersion);
    }

    private static ConcurrencyConflictException OpenElsewhere(SqliteSession session, Conversation next, Exception cause)
    {
        var openId = session.Command(OtherOpenOfContactInDepartment)
            .With("$contact", next.ContactId.Value)
            .With("$department", next.DepartmentId.Value)
            .With("$id", next.Id.Value)
            .ExecuteScalar() as string;
        // A conflict, not a bug: the contact's first message there raced this move. Callers re-read and decide again.
        return new ConcurrencyConflictException(
            $"Conversation '{next.Id}' cannot move to department '{next.DepartmentId}': contact '{next.ContactId}' already has open conversation '{openId}' there.",
            cause);
    }

    private static void CheckCapacity(SqliteSession session, CapacityClaim claim, string conversation)
    {
        var loads = session.Statement(ClaimLoads)
            .Bind("$agent", claim.AgentId.Value)
            .Bind("$department", claim.DepartmentId.Value)
            .Bind("$channel", claim.Channel)
            .Bind("$id", conversation)
            .Bind("$on_hold", claim.CountOnHold);
        // An aggregate: always one row.
        loads.Read();
        var agentLoad = (int)loads.GetInt64(0);
        var departmentLoad = (int)loads.GetInt64(1);
        var channelLoad = (int)loads.GetInt64(2);
        loads.Reset();

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
            if (!numbers.Contains((int)ConversationState.Closed))
            {
                // Spelled out so that a partial index on open conversations matches (SQLite needs the term itself).
                sql.Append(" AND state <> 4");
            }
        }

        return sql.ToString();
    }
}
