using System.Text;
using NodaTime;
using Npgsql;
using NpgsqlTypes;
using Omnichannel.Capacity;
using Omnichannel.Conversations;
using Omnichannel.Outbox;
using Omnichannel.Storage.PostgreSql.Internal;
using Omnichannel.Storage.Shared;

namespace Omnichannel.Storage.PostgreSql.Stores;

/// <summary>
/// Conversations (<c>conversations</c>), their message logs (<c>conversation_messages</c>) and the outbox
/// (<c>outbox</c>). A conversation write is one call of the <c>omnichannel_save_conversation</c> function: one round
/// trip, one transaction, holding the version check, the appended messages, the capacity claim and the outbox jobs
/// (concurrent writes share a round trip and a transaction, one call each: <see cref="SaveTogetherAsync"/>);
/// see docs/architecture.md for why it is safe across processes.
/// </summary>
/// <remarks>
/// Thread-safe: every call uses its own pooled connection, except that conversation writes arriving while every pooled
/// connection carries one wait and then go together in one batch (<see cref="WriteBatcher{TWrite, TResult}"/>, which is locked).
/// </remarks>
internal sealed partial class PostgreSqlConversationStore : IConversationStore, IOutboxStore
{
    private const string OneOpenIndex = "conversations_one_open";
    private const string ConversationKey = "conversations_pkey";
    private const string OutboxKey = "outbox_pkey";

    private const string CreateSql = "SELECT * FROM omnichannel_create_conversation($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)";

    /// <summary>
    /// The call of <c>omnichannel_save_conversation</c> for each shape of write (index: 1 appends messages, 2 carries a
    /// capacity claim, 4 carries outbox jobs, 8 a claim whose agent and department are the written conversation's and
    /// also the records the change was decided from, 16 with 8: the claim has no channel limit, so no channel; with 8
    /// alone the claim's channel is the conversation's). What a write
    /// does not carry is written into the statement as a constant (empty arrays, no claim) instead of being sent as
    /// parameters, and what shape 8 repeats is sent once and named again: an assignment sends 19 parameters rather than
    /// 30 (24 before shape 8), and a message post 17. Each text is fixed, so each is prepared once per connection.
    /// </summary>
    private static readonly string[] SaveSql = [.. Enumerable.Range(0, 32).Select(static shape => SaveSqlFor((shape & 1) != 0, (shape & 2) != 0, (shape & 4) != 0, (shape & 8) != 0, (shape & 16) != 0))];

    /// <summary>Parameter positions (1-based) of the conversation's columns that shape 8 names again.</summary>
    private const int DepartmentParameter = 4, ChannelParameter = 5, ServingAgentParameter = 7;

    private const string LeaseSql = """
        UPDATE outbox
           SET lease_expires_at = $3, version = version + 1,
               data = data || jsonb_build_object('leaseOwner', $1::text, 'leaseExpiresAt', $4::text, 'version', version + 1)
         WHERE id = (SELECT id FROM outbox
                      WHERE status = 'Pending' AND due_at <= $2 AND (lease_expires_at IS NULL OR lease_expires_at <= $2)
                        AND ($5::text IS NULL OR kind = $5)
                      ORDER BY due_at, id
                      FOR UPDATE SKIP LOCKED
                      LIMIT 1)
        RETURNING version, data
        """;

    private static readonly string[] NoText = [];
    private static readonly byte[][] NoJson = [];
    private static readonly int[] NoIntegers = [];

    private readonly PostgreSqlOmnichannelDatabase _database;

    /// <summary>Group commit of conversation writes: see <see cref="WriteBatcher{TWrite, TResult}"/> and <see cref="SaveTogetherAsync"/>.</summary>
    private readonly WriteBatcher<SaveCall, SaveOutcome> _writes;

    /// <summary>The save's commands, one statement per shape, kept between calls with their parameters.</summary>
    private readonly ReusableCommandPool _saves;

    /// <summary>When (Unix ticks of the library's clock) the outbox may be pruned again.</summary>
    private long _nextPruneTicks = long.MinValue;

    public PostgreSqlConversationStore(PostgreSqlOmnichannelDatabase database)
    {
        _database = database;
        _writes = new WriteBatcher<SaveCall, SaveOutcome>(database.MaxWriteBatch, database.MaxWriteSendsInFlight, SaveAloneAsync, SaveTogetherAsync, RolledBack);
        _saves = new ReusableCommandPool(database.DataSource, SaveSql);
    }

    /// <summary>The save's kept commands (tests look at their reuse).</summary>
    internal ReusableCommandPool SaveCommands => _saves;

    /// <summary>The shape (index of the statement) of a write: which optional parts its call carries.</summary>
    internal static int ShapeOf(ConversationWrite write, int messages, int jobs, bool shared) =>
        (messages > 0 ? 1 : 0) | (write.Claim is not null ? 2 : 0) | (jobs > 0 ? 4 : 0)
        | (shared ? (write.Claim!.Value.Channel is null ? 8 | 16 : 8) : 0);

    /// <summary>
    /// Whether a batch's failure certainly wrote nothing: an error (severity <c>ERROR</c>) the server raised inside the
    /// batch's implicit transaction, which it rolled back (a unique index, a deadlock, a check). A <c>FATAL</c> error (the
    /// server process was terminated) or a broken connection may come after the commit: the outcome is unknown.
    /// </summary>
    private static bool RolledBack(Exception exception) => exception is PostgresException { InvariantSeverity: "ERROR" };

    /// <summary>
    /// How many round trips carried more than one conversation write, how many writes they carried, and how many writes
    /// wait for a send in flight now (tests, diagnostics).
    /// </summary>
    internal (long Batches, long Writes, int Waiting) WriteBatches => (_writes.Batches, _writes.BatchedWrites, _writes.Waiting);

    public async ValueTask<Conversation?> GetAsync(ConversationId id, CancellationToken cancellationToken)
    {
        await using var command = await _database.CommandAsync("SELECT version, data FROM conversations WHERE id = $1", cancellationToken).ConfigureAwait(false);
        command.Parameters.Add(Sql.Text(id.Value));
        var found = await VersionedTable<Conversation>.ListAsync(command, cancellationToken).ConfigureAwait(false);
        if (found.Count == 0)
        {
            return null;
        }

        Remember(found[0]);
        return found[0];
    }

    /// <summary>
    /// What this process last read or wrote of the conversation, without a round trip: the change decided from it is
    /// written by <c>omnichannel_save_conversation</c>, which checks the version, so a stale answer costs a retry.
    /// </summary>
    public ValueTask<Conversation?> GetForChangeAsync(ConversationId id, CancellationToken cancellationToken) =>
        _database.ConversationCache.Latest(id.Value) is { } remembered ? ValueTask.FromResult<Conversation?>(remembered) : GetAsync(id, cancellationToken);

    public async ValueTask<(Conversation Conversation, bool Created)> CreateOrGetOpenAsync(ConversationWrite write, CancellationToken cancellationToken)
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
        var stored = candidate.WithVersion(1);
        await using var command = await _database.CommandAsync(CreateSql, cancellationToken).ConfigureAwait(false);
        var parameters = command.Parameters;
        parameters.Add(Sql.Text(stored.Id.Value));
        parameters.Add(Sql.Text(stored.ContactId.Value));
        parameters.Add(Sql.Text(stored.DepartmentId.Value));
        parameters.Add(Sql.Text(stored.Channel));
        parameters.Add(Sql.Text(StateName(stored.State)));
        parameters.Add(Sql.Text(stored.ServingAgentId?.Value));
        parameters.Add(Sql.Timestamp(stored.CreatedAt));
        parameters.Add(Sql.Integer(stored.MessageCount));
        parameters.Add(Sql.Jsonb(StorageJson.Serialize(stored)));
        parameters.Add(Sql.JsonbArray(MessagesJson(write.Messages)));
        try
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var result = reader.GetBoolean(0) ? (stored, true) : (VersionedTable<Conversation>.Read(reader, 1), false);
            Remember(result.Item1);
            return result;
        }
        catch (PostgresException exception) when (Sql.IsUniqueViolation(exception, ConversationKey))
        {
            throw new ConcurrencyConflictException($"conversation '{candidate.Id}'", 0, await StoredVersionAsync(candidate.Id, cancellationToken).ConfigureAwait(false));
        }
    }

    public async ValueTask<IReadOnlyList<Message>> ReadMessagesAsync(ConversationId id, int afterSequence, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(afterSequence);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        // A range of the primary key from the page's start, never an OFFSET: every page costs the same.
        await using var command = await _database.CommandAsync(
            "SELECT data FROM conversation_messages WHERE conversation_id = $1 AND sequence > $2 ORDER BY sequence LIMIT $3",
            cancellationToken).ConfigureAwait(false);
        command.Parameters.Add(Sql.Text(id.Value));
        command.Parameters.Add(Sql.Integer(afterSequence));
        command.Parameters.Add(Sql.Integer(limit));
        var messages = new List<Message>(Math.Min(limit, 256));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            messages.Add(StorageJson.Deserialize<Message>(reader.GetString(0)));
        }

        return messages;
    }

    public async ValueTask<Conversation> SaveAsync(ConversationWrite write, CancellationToken cancellationToken)
    {
        var call = new SaveCall(write);
        cancellationToken.ThrowIfCancellationRequested();
        await _database.EnsureReadyAsync(cancellationToken).ConfigureAwait(false);
        // The write's parameters are set once, on a kept command: sent alone, it runs; in a batch, they are copied.
        var command = _saves.Rent(call.Shape);
        var sent = false;
        try
        {
            call.Bind(command, _database.Clock.GetCurrentInstant());
            var outcome = await _writes.WriteAsync(call, cancellationToken).ConfigureAwait(false);
            sent = true;
            return Interpret(write, call, outcome);
        }
        finally
        {
            // Only a command whose call went through is used again; a failed one goes with whatever state it was left in.
            if (sent)
            {
                _saves.Return(command);
            }
            else
            {
                command.Dispose();
            }
        }
    }

    /// <summary>
    /// Sends one write in its own implicit transaction (one round trip, one commit) and translates the server's
    /// refusals that are not outcomes (the unique indexes) into the port's exceptions.
    /// </summary>
    private async Task<SaveOutcome> SaveAloneAsync(SaveCall call, CancellationToken cancellationToken)
    {
        var command = call.Command.Ready();
        var connection = command.Connection!;
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            return SaveOutcome.Read(reader);
        }
        catch (PostgresException exception) when (Sql.IsUniqueViolation(exception, OneOpenIndex))
        {
            // A first message of the contact in the target department committed while this write ran.
            throw OpenSlotTaken(call.Next);
        }
        catch (PostgresException exception) when (Sql.IsUniqueViolation(exception, OutboxKey))
        {
            var duplicate = call.Jobs.Count == 1 ? call.Jobs[0].Id : (exception.Detail ?? "(one of the write's jobs)");
            throw new ConcurrencyConflictException($"Cannot save conversation '{call.Next.Id}': its outbox job id {duplicate} is already stored. Nothing was written.", exception);
        }
        catch (PostgresException exception) when (exception.SqlState == PostgresErrorCodes.DeadlockDetected)
        {
            // Another process's batch held rows this write needed while waiting for rows this write held; PostgreSQL
            // rolled this write back. As for any conflict: re-read and decide again.
            throw new ConcurrencyConflictException($"Cannot save conversation '{call.Next.Id}': it deadlocked with a concurrent write and PostgreSQL rolled it back. Nothing was written; read it again and retry.", exception);
        }
        finally
        {
            await connection.CloseAsync().ConfigureAwait(false);
        }
    }

    /// <summary>What the caller of <c>SaveAsync</c> gets for the function's answer: the stored conversation, or the exception.</summary>
    private Conversation Interpret(ConversationWrite write, SaveCall call, SaveOutcome outcome)
    {
        var next = call.Next;
        switch (outcome.Code)
        {
            case 0:
                Remember(call.Stored);
                return call.Stored;
            case 1:
                _database.ConversationCache.Forget(next.Id.Value);
                throw new ConcurrencyConflictException($"conversation '{next.Id}'", next.Version, outcome.Version);
            case 6:
                _database.AgentCache.Forget(write.DecidedFromAgent!.Value.Id.Value);
                throw new ConcurrencyConflictException($"agent '{write.DecidedFromAgent.Value.Id}' (the change to conversation '{next.Id}' was decided from it)", write.DecidedFromAgent.Value.Version, outcome.Version);
            case 7:
                _database.DepartmentCache.Forget(write.DecidedFromDepartment!.Value.Id.Value);
                throw new ConcurrencyConflictException($"department '{write.DecidedFromDepartment.Value.Id}' (the change to conversation '{next.Id}' was decided from it)", write.DecidedFromDepartment.Value.Version, outcome.Version);
            case 2:
                throw new ArgumentException($"Conversation '{next.Id}' cannot change contact.", nameof(write));
            case 3:
                write.EnsureMessagesContinue(outcome.AgentLoad);
                throw new InvalidOperationException($"The database refused the messages appended to conversation '{next.Id}', which continue its log of {outcome.AgentLoad} messages.");
            case 4:
                throw new CapacityExceededException(write.Claim!.Value, outcome.AgentLoad, outcome.DepartmentLoad, outcome.ChannelLoad);
            case 5:
                throw OpenSlotTaken(next);
            default:
                throw new InvalidOperationException($"omnichannel_save_conversation returned the unknown outcome {outcome.Code}; is the schema newer than this library?");
        }
    }

    public async ValueTask<IReadOnlyList<Conversation>> QueryAsync(ConversationQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Validate();
        var sql = new StringBuilder("SELECT version, data FROM conversations WHERE true");
        if (query.DepartmentId is not null)
        {
            sql.Append(" AND department_id = $1");
        }

        if (query.ServingAgentId is not null)
        {
            sql.Append(" AND serving_agent_id = $2");
        }

        if (query.ContactId is not null)
        {
            sql.Append(" AND contact_id = $3");
        }

        if (query.States is { } states)
        {
            if (states.Count == 0)
            {
                return [];
            }

            // Literal state names; is_open (computed from the state) lets the planner use the partial indexes on open ones.
            var distinct = states.Distinct().ToList();
            if (!distinct.Contains(ConversationState.Closed))
            {
                sql.Append(" AND is_open");
            }

            if (distinct.Count < Enum.GetValues<ConversationState>().Length)
            {
                sql.Append(" AND state IN (").AppendJoin(", ", distinct.Select(s => $"'{StateName(s)}'")).Append(')');
            }
        }

        sql.Append(" ORDER BY created_at, id");
        await using var command = await _database.CommandAsync(sql.ToString(), cancellationToken).ConfigureAwait(false);
        command.Parameters.Add(Sql.Text(query.DepartmentId?.Value));
        command.Parameters.Add(Sql.Text(query.ServingAgentId?.Value));
        command.Parameters.Add(Sql.Text(query.ContactId?.Value));
        var found = await VersionedTable<Conversation>.ListAsync(command, cancellationToken).ConfigureAwait(false);
        foreach (var conversation in found)
        {
            Remember(conversation);
        }

        // The column holds microseconds; the exact instants decide ties closer than that.
        found.Sort(static (x, y) => x.CreatedAt != y.CreatedAt ? x.CreatedAt.CompareTo(y.CreatedAt) : string.CompareOrdinal(x.Id.Value, y.Id.Value));
        return found;
    }

    // From the load counters (schema 6), which the database keeps equal to the open conversations each agent serves for
    // every writer: a few rows per agent, where a count read the agent's conversations (and needed an index schema 10
    // dropped so that takes update no index).
    public async ValueTask<int> CountServedAsync(AgentId agent, DepartmentId? department, bool countOnHold, CancellationToken cancellationToken)
    {
        await using var command = await _database.CommandAsync(
            """
            SELECT coalesce(sum(conversations), 0) FROM conversation_loads
             WHERE serving_agent_id = $1 AND (state IN ('Taken', 'Forwarded') OR ($3 AND state = 'OnHold'))
               AND ($2::text IS NULL OR department_id = $2)
            """,
            cancellationToken).ConfigureAwait(false);
        command.Parameters.Add(Sql.Text(agent.Value));
        command.Parameters.Add(Sql.Text(department?.Value));
        command.Parameters.Add(Sql.Boolean(countOnHold));
        return (int)(long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    public async ValueTask<OutboxMessage> EnqueueAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        CheckNewJob(message);
        cancellationToken.ThrowIfCancellationRequested();
        var stored = message.WithVersion(1);
        await using var command = await _database.CommandAsync(
            """
            INSERT INTO outbox (id, kind, conversation_id, status, created_at, due_at, lease_expires_at, version, data)
            VALUES ($1, $2, $3, 'Pending', $4, $5, NULL, 1, $6)
            ON CONFLICT (id) DO NOTHING
            """,
            cancellationToken).ConfigureAwait(false);
        command.Parameters.Add(Sql.Text(stored.Id));
        command.Parameters.Add(Sql.Text(stored.Kind));
        command.Parameters.Add(Sql.Text(stored.ConversationId.Value));
        command.Parameters.Add(Sql.Timestamp(stored.CreatedAt));
        command.Parameters.Add(Sql.Timestamp(stored.DueAt));
        command.Parameters.Add(Sql.Jsonb(StorageJson.Serialize(stored)));
        if (await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
        {
            throw new ConcurrencyConflictException($"outbox message '{message.Id}'", 0, await StoredJobVersionAsync(message.Id, cancellationToken).ConfigureAwait(false));
        }

        return stored;
    }

    public async ValueTask<OutboxMessage?> TryLeaseAsync(string worker, Instant now, Duration leaseDuration, string? kind, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(worker);
        cancellationToken.ThrowIfCancellationRequested();
        var expires = now + leaseDuration;
        await PruneWhenDueAsync(cancellationToken).ConfigureAwait(false);
        await using var command = await _database.CommandAsync(LeaseSql, cancellationToken).ConfigureAwait(false);
        command.Parameters.Add(Sql.Text(worker));
        command.Parameters.Add(Sql.Timestamp(now));
        command.Parameters.Add(Sql.Timestamp(expires));
        // The exact expiry, in the codec's form, for the JSON copy.
        command.Parameters.Add(Sql.Text(StorageJson.Serialize(expires).Trim('"')));
        command.Parameters.Add(Sql.Text(kind));
        var leased = await VersionedTable<OutboxMessage>.ListAsync(command, cancellationToken).ConfigureAwait(false);
        return leased.Count == 0 ? null : leased[0];
    }

    public async ValueTask<OutboxMessage> SaveAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        cancellationToken.ThrowIfCancellationRequested();
        var stored = message with { LeaseOwner = null, LeaseExpiresAt = null, Version = message.Version + 1 };
        await using var command = await _database.CommandAsync(
            "UPDATE outbox SET status = $2, due_at = $3, lease_expires_at = NULL, version = $4, data = $5, finished_at = $7 WHERE id = $1 AND version = $6",
            cancellationToken).ConfigureAwait(false);
        command.Parameters.Add(Sql.Text(stored.Id));
        command.Parameters.Add(Sql.Text(stored.Status.ToString()));
        command.Parameters.Add(Sql.Timestamp(stored.DueAt));
        command.Parameters.Add(Sql.Bigint(stored.Version));
        command.Parameters.Add(Sql.Jsonb(StorageJson.Serialize(stored)));
        command.Parameters.Add(Sql.Bigint(message.Version));
        command.Parameters.Add(Sql.Timestamp(stored.Status == OutboxMessageStatus.Pending ? null : _database.Clock.GetCurrentInstant()));
        if (await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
        {
            throw new ConcurrencyConflictException($"outbox message '{message.Id}'", message.Version, await StoredJobVersionAsync(message.Id, cancellationToken).ConfigureAwait(false));
        }

        return stored;
    }

    public async ValueTask<IReadOnlyList<OutboxMessage>> ListByConversationAsync(ConversationId conversation, CancellationToken cancellationToken)
    {
        await using var command = await _database.CommandAsync("SELECT version, data FROM outbox WHERE conversation_id = $1 ORDER BY created_at, id", cancellationToken).ConfigureAwait(false);
        command.Parameters.Add(Sql.Text(conversation.Value));
        var jobs = await VersionedTable<OutboxMessage>.ListAsync(command, cancellationToken).ConfigureAwait(false);
        jobs.Sort(static (x, y) => x.CreatedAt != y.CreatedAt ? x.CreatedAt.CompareTo(y.CreatedAt) : string.CompareOrdinal(x.Id, y.Id));
        return jobs;
    }

    /// <summary>
    /// Deletes the finished jobs of closed conversations whose retention has ended, at most every tenth of the retention
    /// (and at least every minute) per process: the workers' lease calls run it. All of a conversation's jobs go
    /// together, when every one finished before the cut-off and the conversation is closed (or not stored), as in the
    /// in-memory outbox.
    /// </summary>
    private async ValueTask PruneWhenDueAsync(CancellationToken cancellationToken)
    {
        var now = _database.Clock.GetCurrentInstant();
        var due = Interlocked.Read(ref _nextPruneTicks);
        var retention = _database.OutboxRetention;
        var interval = Duration.Min(Duration.FromTicks(retention.BclCompatibleTicks / 10), Duration.FromMinutes(1));
        if (now.ToUnixTimeTicks() < due || Interlocked.CompareExchange(ref _nextPruneTicks, (now + interval).ToUnixTimeTicks(), due) != due)
        {
            return;
        }

        await using var command = await _database.CommandAsync(
            """
            DELETE FROM outbox WHERE conversation_id IN (
                SELECT f.conversation_id FROM outbox f
                 WHERE f.finished_at IS NOT NULL AND f.finished_at <= $1
                   AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.conversation_id = f.conversation_id AND (o.finished_at IS NULL OR o.finished_at > $1))
                   AND NOT EXISTS (SELECT 1 FROM conversations c WHERE c.id = f.conversation_id AND c.is_open))
            """,
            cancellationToken).ConfigureAwait(false);
        command.Parameters.Add(Sql.Timestamp(now - retention));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Whether <paramref name="write"/> has the shape whose call names the conversation's agent, department and channel
    /// parameters again for the claim and the records decided from (a take, an assignment), or writes the claim's
    /// channel as a constant NULL when it has none: the values are equal, so the function receives exactly what the
    /// longer call would send.
    /// </summary>
    internal static bool SharesTheWritesKey(ConversationWrite write, Conversation next) =>
        write.Claim is { } claim
        && next.ServingAgentId is { } serving && claim.AgentId == serving
        && claim.DepartmentId == next.DepartmentId
        && (claim.Channel is null || string.Equals(claim.Channel, next.Channel, StringComparison.Ordinal))
        && write.DecidedFromAgent is { } agent && agent.Id == serving
        && write.DecidedFromDepartment is { } department && department.Id == next.DepartmentId;

    private static string SaveSqlFor(bool messages, bool claim, bool jobs, bool shared, bool noChannel)
    {
        if ((shared && !claim) || (noChannel && !shared))
        {
            return string.Empty; // no such shape: 8 is a claim's, 16 goes with 8
        }

        var arguments = new List<string>(30);
        var next = 0;
        void Parameters(int count)
        {
            for (var i = 0; i < count; i++)
            {
                arguments.Add("$" + (++next).ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        Parameters(10); // the conversation's columns and record
        if (messages)
        {
            Parameters(2);
        }
        else
        {
            arguments.AddRange(["'{}'::integer[]", "'{}'::jsonb[]"]);
        }

        if (claim && shared)
        {
            // The claim's agent, department and channel are the conversation's serving agent, department and channel.
            arguments.Add(Named(ServingAgentParameter));
            arguments.Add(Named(DepartmentParameter));
            Parameters(3);
            arguments.Add(noChannel ? "NULL::text" : Named(ChannelParameter));
            Parameters(1);
        }
        else if (claim)
        {
            Parameters(7);
        }
        else
        {
            arguments.AddRange(["NULL::text", "NULL::text", "0", "0", "false", "NULL::text", "0"]);
        }

        if (jobs)
        {
            Parameters(6);
        }
        else
        {
            arguments.AddRange(["'{}'::text[]", "'{}'::text[]", "'{}'::text[]", "'{}'::timestamptz[]", "'{}'::timestamptz[]", "'{}'::jsonb[]"]);
        }

        if (shared)
        {
            // The agent and department decided from are the conversation's; their versions and the clock are sent.
            arguments.Add(Named(ServingAgentParameter));
            Parameters(1);
            arguments.Add(Named(DepartmentParameter));
            Parameters(2);
        }
        else
        {
            Parameters(5); // the agent and department decided from, the clock
        }

        return $"SELECT omnichannel_save_conversation({string.Join(", ", arguments)})";

        static string Named(int position) => "$" + position.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    private static void AddJobs(ReusableCommand command, IReadOnlyList<OutboxMessage> jobs)
    {
        var ids = new string[jobs.Count];
        var kinds = new string[jobs.Count];
        var conversations = new string[jobs.Count];
        var created = new DateTime[jobs.Count];
        var due = new DateTime[jobs.Count];
        var data = new string[jobs.Count];
        for (var i = 0; i < jobs.Count; i++)
        {
            var job = jobs[i].WithVersion(1);
            ids[i] = job.Id;
            kinds[i] = job.Kind;
            conversations[i] = job.ConversationId.Value;
            created[i] = job.CreatedAt.ToDateTimeUtc();
            due[i] = job.DueAt.ToDateTimeUtc();
            data[i] = StorageJson.Serialize(job);
        }

        command.Add(ids, NpgsqlDbType.Array | NpgsqlDbType.Text);
        command.Add(kinds, NpgsqlDbType.Array | NpgsqlDbType.Text);
        command.Add(conversations, NpgsqlDbType.Array | NpgsqlDbType.Text);
        command.Add(created, NpgsqlDbType.Array | NpgsqlDbType.TimestampTz);
        command.Add(due, NpgsqlDbType.Array | NpgsqlDbType.TimestampTz);
        command.Add(data, NpgsqlDbType.Array | NpgsqlDbType.Jsonb);
    }

    private void Remember(Conversation conversation) => _database.ConversationCache.Remember(conversation.Id.Value, conversation.Version, conversation);

    /// <summary>The messages as UTF-8 JSON, which is what PostgreSQL receives (no UTF-16 string of each on the way).</summary>
    private static byte[][] MessagesJson(IReadOnlyList<Message>? messages)
    {
        if (messages is null || messages.Count == 0)
        {
            return NoJson;
        }

        var json = new byte[messages.Count][];
        for (var i = 0; i < json.Length; i++)
        {
            json[i] = StorageJson.SerializeToUtf8Bytes(messages[i]);
        }

        return json;
    }

    private static void CheckNewJob(OutboxMessage job)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (job.Version != 0 || job.Status != OutboxMessageStatus.Pending)
        {
            throw new ArgumentException($"A new outbox message must be pending at version 0; '{job.Id}' is {job.Status} at version {job.Version}.", nameof(job));
        }
    }

    private static ConcurrencyConflictException OpenSlotTaken(Conversation next) =>
        // A conflict, not a bug: the contact's first message there raced this move. Callers re-read and decide again.
        new($"Conversation '{next.Id}' cannot move to department '{next.DepartmentId}': contact '{next.ContactId}' already has an open conversation there.");

    private static string StateName(ConversationState state) => state switch
    {
        ConversationState.Queued => "Queued",
        ConversationState.Taken => "Taken",
        ConversationState.OnHold => "OnHold",
        ConversationState.Forwarded => "Forwarded",
        ConversationState.Closed => "Closed",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "Unknown conversation state."),
    };

    private async ValueTask<long> StoredVersionAsync(ConversationId id, CancellationToken cancellationToken)
    {
        await using var command = await _database.CommandAsync("SELECT version FROM conversations WHERE id = $1", cancellationToken).ConfigureAwait(false);
        command.Parameters.Add(Sql.Text(id.Value));
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long version ? version : 0;
    }

    private async ValueTask<long> StoredJobVersionAsync(string id, CancellationToken cancellationToken)
    {
        await using var command = await _database.CommandAsync("SELECT version FROM outbox WHERE id = $1", cancellationToken).ConfigureAwait(false);
        command.Parameters.Add(Sql.Text(id));
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long version ? version : 0;
    }
}
