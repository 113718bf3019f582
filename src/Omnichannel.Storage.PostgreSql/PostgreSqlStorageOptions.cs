namespace Omnichannel.Storage.PostgreSql;

/// <summary>How <see cref="PostgreSqlOmnichannelDatabase"/> connects to its database and prepares it.</summary>
/// <remarks>
/// A plain options object: set it up at start-up on one thread. The database copies what it needs when it is
/// created, so later changes have no effect.
/// </remarks>
public sealed class PostgreSqlStorageOptions
{
    /// <summary>
    /// The Npgsql connection string, for example <c>Host=db.internal;Port=5432;Database=omnichannel;Username=omni;Password=...</c>.
    /// Connections are pooled (Npgsql's pool; <c>Maximum Pool Size</c> and the other pool keywords apply). Several
    /// processes may share one database: every rule that must hold across them is enforced by the database.
    /// </summary>
    public string ConnectionString { get; set; } = string.Empty;

    /// <summary>
    /// Whether the schema is brought up to date when the database is first used or the host starts; when false, a
    /// database whose schema is not current is refused at that point and <see cref="PostgreSqlOmnichannelDatabase.MigrateAsync"/>
    /// must be called explicitly. Default: true.
    /// </summary>
    public bool MigrateOnStartup { get; set; } = true;

    /// <summary>
    /// How long the delivered and failed jobs of a closed conversation are kept after the last of them finished (or
    /// after the close, when later), as the in-memory outbox does; they are then deleted, all of a conversation's jobs
    /// together, by the lease calls of the delivery workers. Default: 7 days. Positive.
    /// </summary>
    public NodaTime.Duration OutboxRetention { get; set; } = NodaTime.Duration.FromDays(7);

    /// <summary>
    /// The most conversation writes of one database object sent together in one round trip and one transaction (group
    /// commit). A write is sent at once, alone, while fewer writes are in flight than the connection pool holds
    /// (<c>Max Pool Size</c>); writes that arrive while every connection carries one wait for one of them and then go
    /// together, each with its own outcome, committed by one commit. A batch that the server
    /// refuses as a whole (one write hit a unique index, a deadlock) wrote nothing, and each of its writes is then sent
    /// again alone, so every caller gets what it would have got alone. Default: 32. 1 sends every write alone; at most 1,000.
    /// </summary>
    public int MaxWriteBatch { get; set; } = 32;

    /// <summary>
    /// How many conversation write sends may be in flight at once before further writes wait to go together; null (the
    /// default) is the connection pool's size, so writes are batched only when every connection would otherwise be busy
    /// with one. Measured (session 8, 4 writers, one 2-core machine shared with the server): two or one in flight cut the
    /// CPU per assignment by 7-32% but also the assignments per second (they wait for each other's round trips), so
    /// batching is for more concurrent writes than connections. Internal: tests set a small number to make batches form.
    /// </summary>
    internal int? MaxWriteSendsInFlight { get; set; }

    /// <summary>Why a write batch size cannot work, or null: it must be between 1 and 1,000.</summary>
    internal static string? MaxWriteBatchProblem(int maxWriteBatch) =>
        maxWriteBatch is < 1 or > 1000
            ? $"PostgreSqlStorageOptions.MaxWriteBatch must be between 1 (every write alone) and 1000; it is {maxWriteBatch}."
            : null;

    /// <summary>
    /// Why an outbox retention cannot work, or null: it must be positive and at most ten years (the prune cut-off is the
    /// clock minus it; a longer one is taken for a mistake in units).
    /// </summary>
    internal static string? OutboxRetentionProblem(NodaTime.Duration retention) =>
        retention <= NodaTime.Duration.Zero || retention > NodaTime.Duration.FromDays(3653)
            ? $"PostgreSqlStorageOptions.OutboxRetention must be positive and at most ten years (3653 days); it is {retention}."
            : null;
}
