namespace Omnichannel.Storage.Sqlite;

/// <summary>How <see cref="SqliteOmnichannelDatabase"/> opens and prepares its database file.</summary>
/// <remarks>
/// A plain options object: set it up at start-up on one thread. The database copies what it needs when it is
/// created, so later changes have no effect.
/// </remarks>
public sealed class SqliteStorageOptions
{
    /// <summary>
    /// The Microsoft.Data.Sqlite connection string of a database FILE, for example <c>Data Source=omnichannel.db</c>
    /// (a relative path is taken from the current directory when the database is created). In-memory databases and
    /// read-only modes are refused: every store shares one file, written by one writer at a time (WAL mode).
    /// </summary>
    public string ConnectionString { get; set; } = string.Empty;

    /// <summary>
    /// Whether the schema is brought up to date when the database is first used or the host starts; when false, a
    /// database whose schema is not current is refused at that point and <see cref="SqliteOmnichannelDatabase.MigrateAsync"/>
    /// must be called explicitly. Default: true.
    /// </summary>
    public bool MigrateOnStartup { get; set; } = true;

    /// <summary>
    /// How long a write waits for another process holding the database's write lock before failing with
    /// SQLITE_BUSY. Default: 10 seconds.
    /// </summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// When true, every commit is flushed to disk (<c>PRAGMA synchronous=FULL</c>): a committed write survives a power
    /// failure, at the cost of one fsync per write. Default: false (<c>synchronous=NORMAL</c>, the usual WAL setting:
    /// committed writes survive a crash of the process, and the database is never corrupted, but the last commits may be
    /// lost if the machine loses power).
    /// </summary>
    public bool SynchronousFull { get; set; }

    /// <summary>
    /// How long the delivered and failed jobs of a closed conversation are kept after the last of them finished (or
    /// after the close, when later), as the in-memory outbox does; they are then deleted, all of a conversation's jobs
    /// together, by the lease calls of the delivery workers. Default: 7 days. Positive.
    /// </summary>
    public NodaTime.Duration OutboxRetention { get; set; } = NodaTime.Duration.FromDays(7);

    /// <summary>
    /// Why an outbox retention cannot work, or null: it must be positive and at most ten years (the prune cut-off is the
    /// clock minus it in nanoseconds; a longer one is taken for a mistake in units, and past 292 years it overflowed).
    /// </summary>
    internal static string? OutboxRetentionProblem(NodaTime.Duration retention) =>
        retention <= NodaTime.Duration.Zero || retention > NodaTime.Duration.FromDays(3653)
            ? $"SqliteStorageOptions.OutboxRetention must be positive and at most ten years (3653 days); it is {retention}."
            : null;
}
