using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Omnichannel.Agents;
using Omnichannel.Contacts;
using Omnichannel.Conversations;
using Omnichannel.Departments;
using Omnichannel.Outbox;
using Omnichannel.Storage.PostgreSql.Internal;
using Omnichannel.Storage.PostgreSql.Stores;
using Omnichannel.Storage.Shared;
using Omnichannel.Workspace.Calls;
using Omnichannel.Workspace.CannedResponses;

namespace Omnichannel.Storage.PostgreSql;

/// <summary>
/// One PostgreSQL database holding every Omnichannel store: conversations with their message logs and outbox jobs,
/// agents, departments, contacts, canned responses and calls. Any number of processes may share the database: the
/// rules that must hold across them are enforced by the database itself (version checks in the <c>UPDATE</c>, capacity
/// claims serialized per agent, one open conversation per contact and department as a unique index, outbox leases
/// with <c>FOR UPDATE SKIP LOCKED</c>), and every write is one transaction in one round trip.
/// </summary>
/// <remarks>
/// <para>
/// Thread-safe: create one instance per database and share it (the DI registration does). It owns an Npgsql data source
/// whose connections are pooled; dispose the instance to close them.
/// </para>
/// <para>
/// The schema is versioned: <see cref="MigrateAsync"/> brings it up to date and is idempotent, and when several
/// processes migrate at once, one applies the migrations (under an advisory lock) and the others find them applied.
/// It runs on first use (or at host start-up) unless <see cref="PostgreSqlStorageOptions.MigrateOnStartup"/> is false.
/// A database written by a newer version of the library is refused with an <see cref="InvalidOperationException"/>
/// naming both versions, and left unchanged.
/// </para>
/// </remarks>
/// <example>
/// <code>
/// await using var database = new PostgreSqlOmnichannelDatabase(new PostgreSqlStorageOptions { ConnectionString = "Host=localhost;Database=omnichannel;Username=omni;Password=secret" });
/// await database.MigrateAsync(CancellationToken.None);
/// var conversation = await database.Conversations.GetAsync(new ConversationId("c-1"), CancellationToken.None);
/// </code>
/// </example>
public sealed class PostgreSqlOmnichannelDatabase : IDisposable, IAsyncDisposable
{
    private const string AdapterName = "Omnichannel.Storage.PostgreSql";

    // Two 32-bit keys: a separate key space from the 64-bit keys of the per-agent claim locks.
    private const int MigrationLockKey1 = 0x4f6d6e69; // "Omni"
    private const int MigrationLockKey2 = 1;

    private readonly NpgsqlDataSource _dataSource;
    private readonly bool _migrateOnStartup;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _readyLock = new(1, 1);
    private volatile bool _ready;

    /// <summary>The clock that times the outbox retention.</summary>
    internal NodaTime.IClock Clock { get; }

    /// <summary>How long finished jobs of closed conversations are kept.</summary>
    internal NodaTime.Duration OutboxRetention { get; }

    /// <summary>The most conversation writes sent together (<see cref="PostgreSqlStorageOptions.MaxWriteBatch"/>).</summary>
    internal int MaxWriteBatch { get; }

    /// <summary>The most conversation write sends in flight at once (<see cref="PostgreSqlStorageOptions.MaxWriteSendsInFlight"/>).</summary>
    internal int MaxWriteSendsInFlight { get; }

    /// <summary>The agents this process last read or wrote, for the reads a conversation change is decided from.</summary>
    internal VersionedCache<Omnichannel.Agents.Agent> AgentCache { get; } = new(16_384);

    /// <summary>The departments this process last read or wrote, likewise.</summary>
    internal VersionedCache<Omnichannel.Departments.Department> DepartmentCache { get; } = new(4_096);

    /// <summary>
    /// The conversations this process last read or wrote, likewise: a queue drained by this process is usually all in
    /// it. Bounded (about 1 KB an entry), cleared when full.
    /// </summary>
    internal VersionedCache<Omnichannel.Conversations.Conversation> ConversationCache { get; } = new(16_384);

    /// <summary>Creates the database object; nothing connects until the first use or <see cref="MigrateAsync"/>.</summary>
    /// <param name="options">The connection string and behaviour.</param>
    /// <param name="logger">Where migrations are logged; none when null.</param>
    /// <param name="clock">The library's clock, which times the outbox retention; the system clock when null.</param>
    /// <exception cref="ArgumentException">
    /// The connection string is empty or not a valid Npgsql connection string (the message never repeats it), or the
    /// outbox retention is not positive or longer than ten years, or <see cref="PostgreSqlStorageOptions.MaxWriteBatch"/> is not between 1 and 1,000.
    /// </exception>
    public PostgreSqlOmnichannelDatabase(PostgreSqlStorageOptions options, ILogger<PostgreSqlOmnichannelDatabase>? logger = null, NodaTime.IClock? clock = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (PostgreSqlStorageOptions.OutboxRetentionProblem(options.OutboxRetention) is { } problem)
        {
            throw new ArgumentException(problem, nameof(options));
        }

        if (PostgreSqlStorageOptions.MaxWriteBatchProblem(options.MaxWriteBatch) is { } batchProblem)
        {
            throw new ArgumentException(batchProblem, nameof(options));
        }

        MaxWriteBatch = options.MaxWriteBatch;

        Clock = clock ?? NodaTime.SystemClock.Instance;
        OutboxRetention = options.OutboxRetention;
        var builder = ConnectionStrings.Parse(options.ConnectionString);
        // Writes go together only once every pooled connection would be busy with one (see the option).
        MaxWriteSendsInFlight = options.MaxWriteSendsInFlight ?? Math.Max(1, builder.MaxPoolSize);
        Description = ConnectionStrings.Describe(builder);
        ConnectionString = builder.ConnectionString;
        var dataSourceBuilder = new NpgsqlDataSourceBuilder(builder.ConnectionString);
        if (string.IsNullOrEmpty(dataSourceBuilder.ConnectionStringBuilder.ApplicationName))
        {
            // Shows in pg_stat_activity, so an operator sees whose connections these are.
            dataSourceBuilder.ConnectionStringBuilder.ApplicationName = "Omnichannel";
        }

        // The stores leave no session state on a connection (no SET, no temporary tables, no session locks), so a
        // pooled connection needs no reset. The reset Npgsql sends otherwise (DISCARD ALL) also throws away the plans
        // PostgreSQL cached for the write functions, which then re-plan on every call: measured here, it halves the
        // rate of assignments with 4 writers.
        dataSourceBuilder.ConnectionStringBuilder.NoResetOnClose = true;
        if (!ConnectionStrings.Mentions(options.ConnectionString, "Max Auto Prepare", "MaxAutoPrepare"))
        {
            // The stores run a few fixed statements over and over: prepared once per connection, the server skips
            // parsing and planning them. A connection string that sets Max Auto Prepare (0 for PgBouncer in
            // transaction mode before 1.21) is obeyed.
            dataSourceBuilder.ConnectionStringBuilder.MaxAutoPrepare = 32;
        }

        _dataSource = dataSourceBuilder.Build();
        _migrateOnStartup = options.MigrateOnStartup;
        _logger = logger ?? (ILogger)NullLogger.Instance;

        var conversations = new PostgreSqlConversationStore(this);
        Conversations = conversations;
        Outbox = conversations;
        Agents = new PostgreSqlAgentStore(this);
        Departments = new PostgreSqlDepartmentStore(this);
        Contacts = new PostgreSqlContactStore(this);
        CannedResponses = new PostgreSqlCannedResponseStore(this);
        Calls = new PostgreSqlCallStore(this);
        Tags = new PostgreSqlTagStore(this);
    }

    /// <summary>The newest schema version this version of the adapter knows and migrates to.</summary>
    public static int LatestSchemaVersion => PostgreSqlMigrations.Latest;

    /// <summary>Where the database is, for messages: "database 'omnichannel' on db.internal:5432 as user 'omni'" (never the password).</summary>
    public string Description { get; }

    /// <summary>The connection string (with its password): for the routing coordinator's dedicated connections, never for messages.</summary>
    internal string ConnectionString { get; }

    /// <summary>The conversation store (with message logs), atomic with <see cref="Outbox"/>: both are the same object.</summary>
    public IConversationStore Conversations { get; }

    /// <summary>The outbox whose jobs conversation writes record in the same transaction.</summary>
    public IOutboxStore Outbox { get; }

    /// <summary>The agent store.</summary>
    public IAgentStore Agents { get; }

    /// <summary>The department store.</summary>
    public IDepartmentStore Departments { get; }

    /// <summary>The contact store.</summary>
    public IContactStore Contacts { get; }

    /// <summary>The canned-response store.</summary>
    public ICannedResponseStore CannedResponses { get; }

    /// <summary>The call store.</summary>
    public ICallStore Calls { get; }

    /// <summary>The managed-tag store.</summary>
    public Omnichannel.Tags.ITagStore Tags { get; }

    /// <summary>
    /// Brings the schema up to date: in one transaction holding an advisory lock, creates the <c>schema_version</c> table
    /// if needed and applies every migration newer than the stored version. Idempotent; when several processes migrate
    /// at once, the first applies the migrations and the others wait for it and find them applied.
    /// </summary>
    /// <param name="cancellationToken">Cancels the migration (nothing is applied when it is cancelled).</param>
    /// <returns>A task that completes when the schema is current.</returns>
    /// <exception cref="InvalidOperationException">
    /// The server cannot be reached or refuses the login (the message names the host, port, database and user, never
    /// the password), a migration fails, or the database holds a schema newer than <see cref="LatestSchemaVersion"/>
    /// (the message names both versions; nothing was changed).
    /// </exception>
    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await _readyLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await MigrateCoreAsync(cancellationToken).ConfigureAwait(false);
            _ready = true;
        }
        finally
        {
            _readyLock.Release();
        }
    }

    /// <summary>Reads the schema version recorded in the database (0 for an empty database).</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The stored schema version.</returns>
    /// <exception cref="InvalidOperationException">The server cannot be reached or refuses the login.</exception>
    public async Task<int> GetSchemaVersionAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenForStartupAsync(cancellationToken).ConfigureAwait(false);
        return await ReadSchemaVersionAsync(connection, null, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _dataSource.Dispose();
        _readyLock.Dispose();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _dataSource.DisposeAsync().ConfigureAwait(false);
        _readyLock.Dispose();
    }

    /// <summary>
    /// Makes sure the schema is usable before the first store call: migrates it (or, when migration at start-up is off,
    /// checks it is current) once; later calls return at once. Called by every store operation and by the host at start-up.
    /// </summary>
    internal ValueTask EnsureReadyAsync(CancellationToken cancellationToken) =>
        _ready ? ValueTask.CompletedTask : new ValueTask(BecomeReadyAsync(cancellationToken));

    /// <summary>The pooled connections (for commands a store keeps between calls).</summary>
    internal NpgsqlDataSource DataSource => _dataSource;

    /// <summary>Creates a command on a pooled connection that the command opens and closes itself.</summary>
    internal async ValueTask<NpgsqlCommand> CommandAsync(string sql, CancellationToken cancellationToken)
    {
        await EnsureReadyAsync(cancellationToken).ConfigureAwait(false);
        return _dataSource.CreateCommand(sql);
    }

    /// <summary>Creates a batch on a pooled connection that the batch opens and closes itself.</summary>
    internal async ValueTask<NpgsqlBatch> BatchAsync(CancellationToken cancellationToken)
    {
        await EnsureReadyAsync(cancellationToken).ConfigureAwait(false);
        return _dataSource.CreateBatch();
    }

    private async Task BecomeReadyAsync(CancellationToken cancellationToken)
    {
        await _readyLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_ready)
            {
                return;
            }

            if (_migrateOnStartup)
            {
                await MigrateCoreAsync(cancellationToken).ConfigureAwait(false);
            }
            else
            {
                SchemaVersionCheck.RequireCurrent(await GetSchemaVersionAsync(cancellationToken).ConfigureAwait(false), LatestSchemaVersion, AdapterName, Description);
            }

            _ready = true;
        }
        finally
        {
            _readyLock.Release();
        }
    }

    private async Task MigrateCoreAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenForStartupAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            // Released at commit or rollback. Under READ COMMITTED, a process that waited here reads the version the
            // first one committed.
            await ExecuteAsync(connection, transaction, $"SELECT pg_advisory_xact_lock({MigrationLockKey1}, {MigrationLockKey2})", cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(
                connection,
                transaction,
                "CREATE TABLE IF NOT EXISTS schema_version (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())",
                cancellationToken).ConfigureAwait(false);
            var stored = await ReadSchemaVersionAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
            SchemaVersionCheck.RefuseNewer(stored, LatestSchemaVersion, AdapterName, Description);
            if (stored == LatestSchemaVersion)
            {
                await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
                _logger.AlreadyCurrent(Description, stored);
                return;
            }

            foreach (var migration in PostgreSqlMigrations.All.Where(m => m.Version > stored))
            {
                await ExecuteAsync(connection, transaction, migration.Sql, cancellationToken).ConfigureAwait(false);
                await using var record = new NpgsqlCommand("INSERT INTO schema_version (version, name) VALUES ($1, $2)", connection, transaction);
                record.Parameters.Add(Sql.Integer(migration.Version));
                record.Parameters.Add(Sql.Text(migration.Name));
                await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            _logger.Migrated(Description, stored, LatestSchemaVersion);
        }
        catch (NpgsqlException exception)
        {
            throw new InvalidOperationException($"Could not migrate the Omnichannel {Description} to schema version {LatestSchemaVersion}: {exception.Message}", exception);
        }
    }

    private async Task<NpgsqlConnection> OpenForStartupAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (NpgsqlException exception)
        {
            // Npgsql's own message ("Failed to connect to 127.0.0.1:5433", "password authentication failed for user ...")
            // never holds the password; neither does the description.
            throw new InvalidOperationException(
                $"Could not connect to the Omnichannel {Description}: {exception.Message}. Check that the server is running and reachable, "
                + "and the connection string's Host, Port, Database, Username and Password.",
                exception);
        }
    }

    private static async Task<int> ReadSchemaVersionAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, CancellationToken cancellationToken)
    {
        // Two statements: a query naming a table that does not exist fails before it runs, whatever its CASE says.
        await using (var exists = new NpgsqlCommand("SELECT to_regclass('schema_version') IS NOT NULL", connection, transaction))
        {
            if (!(bool)(await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!)
            {
                return 0;
            }
        }

        await using var command = new NpgsqlCommand("SELECT coalesce(max(version), 0) FROM schema_version", connection, transaction);
        return (int)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
