using NodaTime;
using Omnichannel.Outbox;
using Omnichannel.Storage.Shared;
using Omnichannel.Storage.Sqlite.Internal;

namespace Omnichannel.Storage.Sqlite.Stores;

/// <summary>The outbox half of the conversation store: jobs in the <c>outbox</c> table of the same file.</summary>
internal sealed partial class SqliteConversationStore : IOutboxStore
{
    // One statement picks and leases the job due first, so two workers (or processes) can never lease the same one.
    private const string LeaseAny = $"""
        UPDATE outbox SET lease_owner = $worker, lease_expires_at = $until, version = version + 1
        WHERE id = (
            SELECT id FROM outbox
            WHERE status = 0 AND due_at <= $now AND (lease_expires_at IS NULL OR lease_expires_at <= $now)
            ORDER BY due_at, id LIMIT 1)
        RETURNING {OutboxRows.Columns}
        """;

    private const string LeaseOfKind = $"""
        UPDATE outbox SET lease_owner = $worker, lease_expires_at = $until, version = version + 1
        WHERE id = (
            SELECT id FROM outbox
            WHERE status = 0 AND kind = $kind AND due_at <= $now AND (lease_expires_at IS NULL OR lease_expires_at <= $now)
            ORDER BY due_at, id LIMIT 1)
        RETURNING {OutboxRows.Columns}
        """;

    private const string Replace = """
        UPDATE outbox
        SET kind = $kind, conversation_id = $conversation_id, payload = $payload, created_at = $created_at, due_at = $due_at,
            status = $status, attempts = $attempts, last_error = $last_error, lease_owner = $lease_owner,
            lease_expires_at = $lease_expires_at, version = $version, finished_at = $finished_at
        WHERE id = $id AND version = $expected
        """;

    // Records that finished while the conversation was open start their retention again at its close.
    private const string RestartRetentionAtClose =
        "UPDATE outbox SET finished_at = MAX(finished_at, $now) WHERE conversation_id = $id AND finished_at IS NOT NULL";

    // All of a conversation's jobs at once, when every one finished before the cut-off and the conversation is closed
    // (or not stored): its job numbering and its request records stay whole, as in the in-memory outbox.
    private const string PruneFinished = """
        DELETE FROM outbox WHERE conversation_id IN (
            SELECT f.conversation_id FROM outbox f
            WHERE f.finished_at IS NOT NULL AND f.finished_at <= $cutoff
              AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.conversation_id = f.conversation_id AND (o.finished_at IS NULL OR o.finished_at > $cutoff))
              AND NOT EXISTS (SELECT 1 FROM conversations c WHERE c.id = f.conversation_id AND c.state <> 4))
        """;

    /// <summary>The clock time (nanoseconds) before which no prune runs again; guarded by the write lock.</summary>
    private long _nextPruneAt = long.MinValue;

    /// <inheritdoc />
    public ValueTask<OutboxMessage> EnqueueAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        OutboxRows.EnsureNew(message);
        cancellationToken.ThrowIfCancellationRequested();
        return database.WriteAsync(message, static (session, job) => OutboxRows.InsertNew(session, job), cancellationToken, singleStatement: true);
    }

    /// <inheritdoc />
    public ValueTask<OutboxMessage?> TryLeaseAsync(string worker, Instant now, Duration leaseDuration, string? kind, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(worker);
        cancellationToken.ThrowIfCancellationRequested();
        var lease = (
            Worker: worker,
            Kind: kind,
            Now: StorageTime.ToUnixNanoseconds(now, "the lease time"),
            Until: StorageTime.ToUnixNanoseconds(now + leaseDuration, "the lease end"));
        return database.WriteAsync((Store: this, Lease: lease), static (session, s) =>
        {
            s.Store.PruneWhenDue(session);
            var l = s.Lease;
            var command = session.Command(l.Kind is null ? LeaseAny : LeaseOfKind)
                .With("$worker", l.Worker)
                .With("$now", l.Now)
                .With("$until", l.Until);
            if (l.Kind is not null)
            {
                command.With("$kind", l.Kind);
            }

            using var reader = command.ExecuteReader();
            return reader.Read() ? OutboxRows.Read(reader) : null;
        }, cancellationToken, singleStatement: true);
    }

    /// <inheritdoc />
    public ValueTask<OutboxMessage> SaveAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        OutboxRows.EnsureStorable(message);
        cancellationToken.ThrowIfCancellationRequested();
        var stored = message with { LeaseOwner = null, LeaseExpiresAt = null, Version = message.Version + 1 };
        long? finishedAt = stored.Status == OutboxMessageStatus.Pending ? null : StorageTime.ToUnixNanoseconds(database.Clock.GetCurrentInstant(), "the time a job finished");
        return database.WriteAsync((Expected: message.Version, Stored: stored, FinishedAt: finishedAt), static (session, w) =>
        {
            if (OutboxRows.Bind(session.Command(Replace), w.Stored).With("$expected", w.Expected).With("$finished_at", w.FinishedAt).ExecuteNonQuery() == 0)
            {
                var actual = session.Command("SELECT version FROM outbox WHERE id = $id").With("$id", w.Stored.Id).ExecuteInt64OrNull();
                throw new ConcurrencyConflictException($"outbox message '{w.Stored.Id}'", w.Expected, actual ?? 0);
            }

            return w.Stored;
        }, cancellationToken, singleStatement: true);
    }

    /// <summary>
    /// Deletes the finished jobs of closed conversations whose retention has ended, at most every tenth of the retention
    /// (and at least every minute): the workers' lease calls run it, so an idle outbox costs nothing more.
    /// </summary>
    private void PruneWhenDue(SqliteSession session)
    {
        var now = StorageTime.ToUnixNanoseconds(database.Clock.GetCurrentInstant(), "the current time");
        if (now < _nextPruneAt)
        {
            return;
        }

        var retention = database.OutboxRetention.ToInt64Nanoseconds();
        _nextPruneAt = now + Math.Min(retention / 10, NodaTime.Duration.FromMinutes(1).ToInt64Nanoseconds());
        session.Command(PruneFinished).With("$cutoff", now - retention).ExecuteNonQuery();
    }

    /// <summary>At a close: the conversation's finished jobs keep it from being pruned for a whole retention from now.</summary>
    private static void RestartRetention(SqliteSession session, string conversation, long now) =>
        session.Statement(RestartRetentionAtClose).Bind("$id", conversation).Bind("$now", now).Execute();

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<OutboxMessage>> ListByConversationAsync(ConversationId conversation, CancellationToken cancellationToken) =>
        database.ReadAsync(conversation.Value, static (session, id) =>
        {
            var jobs = new List<OutboxMessage>();
            using (var reader = session.Command($"SELECT {OutboxRows.Columns} FROM outbox WHERE conversation_id = $id").With("$id", id).ExecuteReader())
            {
                while (reader.Read())
                {
                    jobs.Add(OutboxRows.Read(reader));
                }
            }

            jobs.Sort(static (x, y) => x.CreatedAt != y.CreatedAt ? x.CreatedAt.CompareTo(y.CreatedAt) : string.CompareOrdinal(x.Id, y.Id));
            return (IReadOnlyList<OutboxMessage>)jobs;
        }, cancellationToken);
}
