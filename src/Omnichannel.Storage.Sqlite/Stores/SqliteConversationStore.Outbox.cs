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
            lease_expires_at = $lease_expires_at, version = $version
        WHERE id = $id AND version = $expected
        """;

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
        return database.WriteAsync(lease, static (session, l) =>
        {
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
        cancellationToken.ThrowIfCancellationRequested();
        var stored = message with { LeaseOwner = null, LeaseExpiresAt = null, Version = message.Version + 1 };
        return database.WriteAsync((Expected: message.Version, Stored: stored), static (session, w) =>
        {
            if (OutboxRows.Bind(session.Command(Replace), w.Stored).With("$expected", w.Expected).ExecuteNonQuery() == 0)
            {
                var actual = session.Command("SELECT version FROM outbox WHERE id = $id").With("$id", w.Stored.Id).ExecuteInt64OrNull();
                throw new ConcurrencyConflictException($"outbox message '{w.Stored.Id}'", w.Expected, actual ?? 0);
            }

            return w.Stored;
        }, cancellationToken, singleStatement: true);
    }

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
