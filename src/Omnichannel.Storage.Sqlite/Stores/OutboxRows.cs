using Microsoft.Data.Sqlite;
using Omnichannel.Outbox;
using Omnichannel.Storage.Shared;
using Omnichannel.Storage.Sqlite.Internal;

namespace Omnichannel.Storage.Sqlite.Stores;

/// <summary>Reads and writes rows of the <c>outbox</c> table, for the outbox itself and for conversation writes that record jobs.</summary>
/// <remarks>Stateless and thread-safe.</remarks>
internal static class OutboxRows
{
    public const string Columns = "id, kind, conversation_id, payload, created_at, due_at, status, attempts, last_error, lease_owner, lease_expires_at, version";

    private const string Insert = $"""
        INSERT INTO outbox ({Columns})
        VALUES ($id, $kind, $conversation_id, $payload, $created_at, $due_at, $status, $attempts, $last_error, $lease_owner, $lease_expires_at, $version)
        ON CONFLICT (id) DO NOTHING
        """;

    /// <summary>Refuses a job that is not new (version 0, pending) or that holds a default identifier, before anything is written.</summary>
    public static void EnsureNew(OutboxMessage job)
    {
        ArgumentNullException.ThrowIfNull(job);
        EnsureStorable(job);
        if (job.Version != 0 || job.Status != OutboxMessageStatus.Pending)
        {
            throw new ArgumentException($"A new outbox message must be pending at version 0; '{job.Id}' is {job.Status} at version {job.Version}.", nameof(job));
        }
    }

    /// <summary>
    /// Refuses a job holding a default identifier (its conversation), as every store does: its columns are not JSON, so the
    /// identifier converter's refusal does not reach them.
    /// </summary>
    public static void EnsureStorable(OutboxMessage job)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (job.ConversationId.Value is null)
        {
            throw new ArgumentException(DefaultIdentifiers.Message($"{nameof(OutboxMessage)}.{nameof(OutboxMessage.ConversationId)}", nameof(ConversationId)), nameof(job));
        }
    }

    /// <summary>Inserts a new job at version 1, or throws a conflict when its id exists (one statement).</summary>
    public static OutboxMessage InsertNew(SqliteSession session, OutboxMessage job)
    {
        var stored = job.WithVersion(1);
        if (Bind(session.Command(Insert), stored).ExecuteNonQuery() == 0)
        {
            var existing = session.Command("SELECT version FROM outbox WHERE id = $id").With("$id", job.Id).ExecuteInt64OrNull();
            throw new ConcurrencyConflictException($"outbox message '{job.Id}'", 0, existing ?? 0);
        }

        return stored;
    }

    /// <summary>Binds every column of <paramref name="job"/> as <c>$column</c> parameters.</summary>
    public static SqliteCommand Bind(SqliteCommand command, OutboxMessage job) =>
        command
            .With("$id", job.Id)
            .With("$kind", job.Kind)
            .With("$conversation_id", job.ConversationId.Value)
            .With("$payload", job.Payload)
            .With("$created_at", StorageTime.ToUnixNanoseconds(job.CreatedAt, $"the creation time of outbox message '{job.Id}'"))
            .With("$due_at", StorageTime.ToUnixNanoseconds(job.DueAt, $"the due time of outbox message '{job.Id}'"))
            .With("$status", (int)job.Status)
            .With("$attempts", job.Attempts)
            .With("$last_error", job.LastError)
            .With("$lease_owner", job.LeaseOwner)
            .With("$lease_expires_at", job.LeaseExpiresAt is { } until ? StorageTime.ToUnixNanoseconds(until, $"the lease end of outbox message '{job.Id}'") : null)
            .With("$version", job.Version);

    /// <summary>Reads the current row of <paramref name="reader"/>, selected as <see cref="Columns"/>.</summary>
    public static OutboxMessage Read(SqliteDataReader reader) => new()
    {
        Id = reader.GetString(0),
        Kind = reader.GetString(1),
        ConversationId = new ConversationId(reader.GetString(2)),
        Payload = reader.GetNullableString(3),
        CreatedAt = StorageTime.FromUnixNanoseconds(reader.GetInt64(4)),
        DueAt = StorageTime.FromUnixNanoseconds(reader.GetInt64(5)),
        Status = (OutboxMessageStatus)reader.GetInt32(6),
        Attempts = reader.GetInt32(7),
        LastError = reader.GetNullableString(8),
        LeaseOwner = reader.GetNullableString(9),
        LeaseExpiresAt = reader.GetNullableInt64(10) is { } until ? StorageTime.FromUnixNanoseconds(until) : null,
        Version = reader.GetInt64(11),
    };
}
