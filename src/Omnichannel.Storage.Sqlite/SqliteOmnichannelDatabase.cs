using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Omnichannel.Agents;
using Omnichannel.Contacts;
using Omnichannel.Conversations;
using Omnichannel.Departments;
using Omnichannel.Outbox;
using Omnichannel.Storage.Shared;
using Omnichannel.Storage.Sqlite.Internal;
using Omnichannel.Storage.Sqlite.Stores;
using Omnichannel.Workspace.Calls;
using Omnichannel.Workspace.CannedResponses;

namespace Omnichannel.Storage.Sqlite;

/// <summary>
/// One SQLite database file holding every Omnichannel store: conversations with their message logs and outbox jobs,
/// agents, departments, contacts, canned responses and calls. The file is in WAL mode: reads run concurrently with
/// each other and with the single writer; writes take the database's write lock (<c>BEGIN IMMEDIATE</c>), so every
/// write, including a capacity claim and the one-open-conversation rule, is atomic even across processes sharing the file.
/// </summary>
/// <remarks>
/// <para>
/// Thread-safe: create one instance per database file and share it (the DI registration does). Writes within the
/// instance go through one connection, one at a time; reads use a small pool of connections. Dispose it to close the file.
/// </para>
/// <para>
/// The schema is versioned: <see cref="MigrateAsync"/> brings it up to date and is idempotent; it runs on first use
/// (or at host start-up) unless <see cref="SqliteStorageOptions.MigrateOnStartup"/> is false. A database written by a
/// newer version of the library is refused with an <see cref="InvalidOperationException"/> naming both versions,
/// and left unchanged.
/// </para>
/// </remarks>
/// <example>
/// <code>
/// await using var database = new SqliteOmnichannelDatabase(new SqliteStorageOptions { ConnectionString = "Data Source=omnichannel.db" });
/// await database.MigrateAsync(CancellationToken.None);
/// var conversation = await database.Conversations.GetAsync(new ConversationId("c-1"), CancellationToken.None);
/// </code>
/// </example>
public sealed class SqliteOmnichannelDatabase : IDisposable, IAsyncDisposable
{
    private const string AdapterName = "Omnichannel.Storage.Sqlite";
    private static readonly int MaxIdleReaders = Math.Max(4, Environment.ProcessorCount * 2);

    private readonly string _connectionString;
    private readonly string _pragmas;
    private readonly bool _migrateOnStartup;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly SemaphoreSlim _readyLock = new(1, 1);
    private readonly ConcurrentBag<SqliteSession> _idleReaders = [];
    private int _idleReaderCount;
    private long _readsOnWriter;
    private SqliteSession? _writer;
    private readonly StatementCounter _statements = new();
    private readonly WalCheckpointer _checkpointer;
    private volatile bool _ready;
    private volatile bool _disposed;

    /// <summary>Creates the database object; the file is opened (and created if needed) on first use or migration.</summary>
    /// <param name="options">The connection string and behaviour.</param>
    /// <param name="logger">Where migrations are logged; none when null.</param>
    /// <param name="clock">The library's clock, which times the outbox retention; the system clock when null.</param>
    /// <exception cref="ArgumentException">
    /// The connection string is not a valid SQLite connection string of a writable database file, or a timeout or
    /// retention is not valid.
    /// </exception>
    public SqliteOmnichannelDatabase(SqliteStorageOptions options, ILogger<SqliteOmnichannelDatabase>? logger = null, NodaTime.IClock? clock = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (SqliteStorageOptions.OutboxRetentionProblem(options.OutboxRetention) is { } problem)
        {
            throw new ArgumentException(problem, nameof(options));
        }

        Clock = clock ?? NodaTime.SystemClock.Instance;
        OutboxRetention = options.OutboxRetention;
        if (options.BusyTimeout < TimeSpan.Zero)
        {
            throw new ArgumentException($"The SQLite busy timeout must not be negative; it is {options.BusyTimeout}.", nameof(options));
        }

        var builder = ParseConnectionString(options.ConnectionString);
        DataSource = builder.DataSource;
        _connectionString = builder.ToString();
        _migrateOnStartup = options.MigrateOnStartup;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        var busyMilliseconds = (long)Math.Min(int.MaxValue, options.BusyTimeout.TotalMilliseconds);
        _pragmas = string.Create(
            CultureInfo.InvariantCulture,
            $"PRAGMA busy_timeout = {busyMilliseconds}; PRAGMA synchronous = {(options.SynchronousFull ? "FULL" : "NORMAL")}; PRAGMA foreign_keys = ON; PRAGMA wal_autocheckpoint = {WalCheckpointer.WriterFallbackPages};");
        // Its own connection, with the same pragmas (so the same fsyncs), outside the statement count of the stores.
        _checkpointer = new WalCheckpointer(() => Open(countStatements: false), _logger, DataSource);

        var conversations = new SqliteConversationStore(this);
        Conversations = conversations;
        Outbox = conversations;
        Agents = new SqliteAgentStore(this);
        Departments = new SqliteDepartmentStore(this);
        Contacts = new SqliteContactStore(this);
        CannedResponses = new SqliteCannedResponseStore(this);
        Calls = new SqliteCallStore(this);
        Tags = new SqliteTagStore(this);
    }

    /// <summary>The clock that times the outbox retention.</summary>
    internal NodaTime.IClock Clock { get; }

    /// <summary>How long finished jobs of closed conversations are kept.</summary>
    internal NodaTime.Duration OutboxRetention { get; }

    /// <summary>The newest schema version this version of the adapter knows and migrates to.</summary>
    public static int LatestSchemaVersion => SqliteMigrations.Latest;

    /// <summary>The database file's full path (or URI), as opened.</summary>
    public string DataSource { get; }

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
    /// Brings the schema up to date: applies, in one transaction holding the database's write lock, every migration
    /// newer than the stored schema version. Idempotent; when several processes migrate at once, one applies the
    /// migrations and the others find them applied. Also switches the file to WAL mode.
    /// </summary>
    /// <param name="cancellationToken">Cancels the wait for the lock (not a migration under way).</param>
    /// <returns>A task that completes when the schema is current.</returns>
    /// <exception cref="InvalidOperationException">
    /// The file cannot be opened or written (the message names it), is not a SQLite database, or holds a schema newer
    /// than <see cref="LatestSchemaVersion"/> (the message names both versions; nothing was changed).
    /// </exception>
    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
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

    /// <summary>Reads the schema version stored in the file: 0 for a new or empty database.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The stored schema version.</returns>
    /// <exception cref="InvalidOperationException">The file cannot be opened or is not a SQLite database.</exception>
    public Task<int> GetSchemaVersionAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        cancellationToken.ThrowIfCancellationRequested();
        var session = RentReader();
        try
        {
            return Task.FromResult(Describe(() => ReadSchemaVersion(session), "read the schema version of"));
        }
        finally
        {
            ReturnReader(session);
        }
    }

    /// <summary>Closes every connection to the file.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _checkpointer.Dispose();
        _writeLock.Wait();
        try
        {
            _writer?.Dispose();
            _writer = null;
        }
        finally
        {
            _writeLock.Release();
        }

        while (_idleReaders.TryTake(out var reader))
        {
            reader.Dispose();
        }
    }

    /// <summary>Closes every connection to the file.</summary>
    /// <returns>A task that completes when they are closed.</returns>
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>The statements this object has run on all its connections (for tests that count a step's statements).</summary>
    internal long StatementsRun => _statements.Count;

    /// <summary>The point reads that ran on the writer's idle connection rather than a pooled one (for tests).</summary>
    internal long ReadsOnWriter => Interlocked.Read(ref _readsOnWriter);

    /// <summary>The WAL checkpoints the background thread has completed (for tests).</summary>
    internal long CheckpointsRun => _checkpointer.Checkpoints;

    /// <summary>Migrates (or, when migration at start-up is off, checks the schema) once; later calls return at once.</summary>
    internal ValueTask EnsureReadyAsync(CancellationToken cancellationToken) =>
        _ready ? ValueTask.CompletedTask : new ValueTask(BecomeReadyAsync(cancellationToken));

    /// <summary>
    /// Runs <paramref name="read"/> outside any transaction (one consistent snapshot per statement): on a pooled
    /// connection, or, for a <paramref name="pointRead"/> while no write is under way, on the writer's idle connection.
    /// </summary>
    /// <param name="state">What the read needs.</param>
    /// <param name="read">The read.</param>
    /// <param name="cancellationToken">Cancels the read before it starts.</param>
    /// <param name="pointRead">
    /// True for a short read of a few rows by key. In WAL mode a connection drops its whole page cache whenever another
    /// connection has committed since its last read, so a pooled reader re-reads the pages of every lookup from the file
    /// after each write (six of the eight read system calls of a lifecycle), while the writer's cache holds them. Such a
    /// read therefore runs on the writer's connection when the write lock is free at once (never waiting for it), holding
    /// the lock for the read's few microseconds; it sees exactly what a pooled reader would: the last committed state,
    /// this process's or another's. Long reads (lists, queries) stay on the pool, where they never delay a write.
    /// </param>
    internal ValueTask<T> ReadAsync<TState, T>(TState state, Func<SqliteSession, TState, T> read, CancellationToken cancellationToken, bool pointRead = false)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        cancellationToken.ThrowIfCancellationRequested();
        if (!_ready)
        {
            return new ValueTask<T>(ReadWhenReadyAsync(state, read, pointRead, cancellationToken));
        }

        if (pointRead && _writeLock.Wait(0))
        {
            try
            {
                // Read under the lock: Dispose closes the writer holding it.
                if (_writer is { } writer && !_disposed)
                {
                    Interlocked.Increment(ref _readsOnWriter);
                    return ValueTask.FromResult(read(writer, state));
                }
            }
            finally
            {
                _writeLock.Release();
            }
        }

        var session = RentReader();
        try
        {
            return ValueTask.FromResult(read(session, state));
        }
        finally
        {
            ReturnReader(session);
        }
    }

    /// <summary>
    /// Runs <paramref name="write"/> in a <c>BEGIN IMMEDIATE</c> transaction on the writer connection, one writer at a
    /// time in this process; commits when it returns, rolls back when it throws. A write of one statement (whose
    /// other statements only explain a refusal) passes <paramref name="singleStatement"/>: SQLite makes that statement
    /// atomic on its own, which saves the BEGIN and COMMIT.
    /// </summary>
    internal async ValueTask<T> WriteAsync<TState, T>(TState state, Func<SqliteSession, TState, T> write, CancellationToken cancellationToken, bool singleStatement = false)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!_ready)
        {
            await BecomeReadyAsync(cancellationToken).ConfigureAwait(false);
        }

        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var session = WriterSession();
            var result = singleStatement ? write(session, state) : InTransaction(session, state, write);
            _checkpointer.NoteWrite(session);
            return result;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private static T InTransaction<TState, T>(SqliteSession session, TState state, Func<SqliteSession, TState, T> write)
    {
        session.Execute("BEGIN IMMEDIATE");
        try
        {
            var result = write(session, state);
            // In place, as the write's statements: in WAL mode a COMMIT takes no lock it waits for.
            session.Statement("COMMIT").Execute();
            return result;
        }
        catch
        {
            try
            {
                session.Execute("ROLLBACK");
            }
            catch (SqliteException)
            {
                // SQLite already rolled back (some errors end the transaction themselves); the original error matters.
            }

            throw;
        }
    }

    private async Task<T> ReadWhenReadyAsync<TState, T>(TState state, Func<SqliteSession, TState, T> read, bool pointRead, CancellationToken cancellationToken)
    {
        await BecomeReadyAsync(cancellationToken).ConfigureAwait(false);
        return await ReadAsync(state, read, cancellationToken, pointRead).ConfigureAwait(false);
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
                var stored = await GetSchemaVersionAsync(cancellationToken).ConfigureAwait(false);
                SchemaVersionCheck.RequireCurrent(stored, LatestSchemaVersion, AdapterName, Quoted);
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
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            Describe(() => Migrate(WriterSession()), "migrate");
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private int Migrate(SqliteSession session)
    {
        // WAL is a property of the file, kept once set; asking again on a WAL file changes nothing.
        var mode = Convert.ToString(session.Command("PRAGMA journal_mode = WAL").ExecuteScalar(), CultureInfo.InvariantCulture) ?? string.Empty;
        if (!mode.Equals("wal", StringComparison.OrdinalIgnoreCase))
        {
            Log.WalUnavailable(_logger, DataSource, mode);
        }

        // The common case, an up-to-date file, costs one read and takes no write lock.
        var stored = ReadSchemaVersion(session);
        SchemaVersionCheck.RefuseNewer(stored, LatestSchemaVersion, AdapterName, Quoted);
        if (stored == LatestSchemaVersion)
        {
            Log.SchemaUpToDate(_logger, DataSource, stored);
            return stored;
        }

        // BEGIN IMMEDIATE takes the write lock: a second process migrating at once waits here, then finds the work done.
        return InTransaction(session, this, static (s, self) =>
        {
            s.Execute(SqliteMigrations.CreateVersionTable);
            var current = ReadSchemaVersion(s);
            SchemaVersionCheck.RefuseNewer(current, LatestSchemaVersion, AdapterName, self.Quoted);
            foreach (var migration in SqliteMigrations.All.Where(m => m.Version > current))
            {
                using (var command = s.Connection.CreateCommand())
                {
#pragma warning disable CA2100 // The migration SQL is the adapter's own constant text.
                    command.CommandText = migration.Sql;
#pragma warning restore CA2100
                    command.ExecuteNonQuery();
                }

                s.Command("INSERT INTO schema_version (version, name, applied_at) VALUES ($version, $name, $at)")
                    .With("$version", migration.Version)
                    .With("$name", migration.Name)
#pragma warning disable RS0030 // applied_at records when a migration ran on this machine; it is audit metadata, not domain time
                    .With("$at", DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture))
#pragma warning restore RS0030
                    .ExecuteNonQuery();
                Log.MigrationApplied(self._logger, self.DataSource, migration.Version, migration.Name);
            }

            return LatestSchemaVersion;
        });
    }

    private static int ReadSchemaVersion(SqliteSession session)
    {
        var exists = session.Command("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'").ExecuteScalar() is not null;
        return exists
            ? (int)(session.Command("SELECT MAX(version) FROM schema_version").ExecuteInt64OrNull() ?? 0)
            : 0;
    }

    private string Quoted => $"'{DataSource}'";

    /// <summary>Runs a file-level step, turning SQLite's terse errors into messages that name the file and the likely cause.</summary>
    private T Describe<T>(Func<T> step, string doing)
    {
        try
        {
            return step();
        }
        catch (SqliteException exception)
        {
            var hint = exception.SqliteErrorCode switch
            {
                14 => " Check that the directory exists and that this process may create and write files in it.", // SQLITE_CANTOPEN
                26 => " The file exists but is not a SQLite database.", // SQLITE_NOTADB
                8 => " The file (or its directory) is read-only for this process.", // SQLITE_READONLY
                5 => " Another process holds the database's write lock; raise SqliteStorageOptions.BusyTimeout if this persists.", // SQLITE_BUSY
                _ => string.Empty,
            };
            throw new InvalidOperationException($"Cannot {doing} the SQLite database {Quoted}: {exception.Message}.{hint}", exception);
        }
    }

    private SqliteSession WriterSession() => _writer ??= Open(countStatements: true);

    private SqliteSession RentReader()
    {
        if (_idleReaders.TryTake(out var session))
        {
            Interlocked.Decrement(ref _idleReaderCount);
            return session;
        }

        return Describe(() => Open(countStatements: true), "open");
    }

    private void ReturnReader(SqliteSession session)
    {
        if (_disposed || Interlocked.Increment(ref _idleReaderCount) > MaxIdleReaders)
        {
            Interlocked.Decrement(ref _idleReaderCount);
            session.Dispose();
            return;
        }

        _idleReaders.Add(session);
        if (_disposed && _idleReaders.TryTake(out var late))
        {
            // Disposed while this read ran: close what Dispose may have missed.
            late.Dispose();
        }
    }

    /// <summary>The name of the SQL function every connection has that upper-cases text with <see cref="string.ToUpperInvariant()"/>.</summary>
    internal const string UpperFunction = "omnichannel_upper";

    private SqliteSession Open(bool countStatements)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            connection.Open();
            using (var pragmas = connection.CreateCommand())
            {
#pragma warning disable CA2100 // Built from numbers and fixed words in the constructor.
                pragmas.CommandText = _pragmas;
#pragma warning restore CA2100
                pragmas.ExecuteNonQuery();
            }

            // SQLite's lower() and upper() fold ASCII letters only: text filters fold with .NET's invariant upper case instead,
            // as the query text is folded, so "École" finds "École" and "ÉCOLE" as on the other stores.
            connection.CreateFunction<string?, string?>(UpperFunction, static text => text?.ToUpperInvariant(), isDeterministic: true);
            return new SqliteSession(connection, countStatements ? _statements : null);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    internal static SqliteConnectionStringBuilder ParseConnectionString(string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new ArgumentException("The SQLite connection string is empty; give the database file, for example \"Data Source=omnichannel.db\".", nameof(connectionString));
        }

        SqliteConnectionStringBuilder builder;
        try
        {
            builder = new SqliteConnectionStringBuilder(connectionString);
        }
        catch (Exception exception) when (exception is ArgumentException or FormatException or InvalidOperationException)
        {
            throw new ArgumentException($"\"{connectionString}\" is not a valid SQLite connection string ({exception.Message}); expected for example \"Data Source=omnichannel.db\".", nameof(connectionString), exception);
        }

        if (string.IsNullOrWhiteSpace(builder.DataSource))
        {
            throw new ArgumentException($"The SQLite connection string \"{connectionString}\" names no database file (Data Source); expected for example \"Data Source=omnichannel.db\".", nameof(connectionString));
        }

        if (builder.Mode == SqliteOpenMode.Memory || builder.DataSource.Equals(":memory:", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"The SQLite connection string \"{connectionString}\" names an in-memory database; Omnichannel's SQLite storage needs a file, for example \"Data Source=omnichannel.db\" (each connection to an in-memory database sees its own, empty database). Use the in-memory stores of AddOmnichannel() for a database that need not survive the process.", nameof(connectionString));
        }

        if (builder.Mode == SqliteOpenMode.ReadOnly)
        {
            throw new ArgumentException($"The SQLite connection string \"{connectionString}\" opens the database read-only; the stores write to it. Leave Mode out (or use ReadWriteCreate), for example \"Data Source=omnichannel.db\".", nameof(connectionString));
        }

        if (!builder.DataSource.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            // Every connection must open the same file, whatever the current directory is when it opens.
            builder.DataSource = Path.GetFullPath(builder.DataSource);
        }

        // The database keeps its own connections open for its lifetime; the driver's pool would only hold closed ones.
        builder.Pooling = false;
        builder.ForeignKeys = true;
        return builder;
    }
}
