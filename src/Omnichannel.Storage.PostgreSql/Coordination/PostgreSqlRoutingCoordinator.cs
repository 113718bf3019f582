using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using NodaTime;
using Omnichannel.Routing.Coordination;

namespace Omnichannel.Storage.PostgreSql.Coordination;

/// <summary>
/// Coordinates the routers of the processes sharing one PostgreSQL database. A department's lease is a session-level
/// advisory lock held on a connection of this coordinator's own: PostgreSQL releases it the moment that session ends,
/// so a process that dies (its socket closed by the OS) loses its leases at once, and one that vanishes from the network
/// loses them when TCP keepalives, set from the lease duration, give up on it. Each process also holds a membership lock,
/// so every coordinator counts the live processes in <c>pg_locks</c> and takes only its fair share; one holding more
/// gives the surplus up and announces it. Wake-ups go through LISTEN/NOTIFY on the database.
/// </summary>
/// <remarks>
/// Thread-safe: lease calls are serialized on the lease connection; wake-ups are queued and sent by a background task.
/// One router per coordinator (the DI registration makes it a singleton per container).
/// </remarks>
internal sealed partial class PostgreSqlRoutingCoordinator : IRoutingCoordinator, IAsyncDisposable, IDisposable
{
    private const string LockTable =
        "SELECT pid, classid::int8, objid::int8 FROM pg_locks "
        + "WHERE locktype = 'advisory' AND granted AND objsubid = 2 "
        + "AND database = (SELECT oid FROM pg_database WHERE datname = current_database()) "
        + "AND classid::int8 IN ($1, $2)";

    private readonly PostgreSqlOmnichannelDatabase _database;
    private readonly IClock _clock;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Lock _sync = new();
    private readonly HashSet<DepartmentId> _held = [];
    private readonly NotificationSender _sender;
    private Action<DepartmentId>[] _subscribers = [];
    private NotificationListener? _listener;
    private NpgsqlConnection? _leases;
    private bool _member;
    private int _disposed;

    public PostgreSqlRoutingCoordinator(PostgreSqlOmnichannelDatabase database, IClock clock, ILogger<PostgreSqlRoutingCoordinator>? logger = null)
    {
        _database = database;
        _clock = clock;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _sender = new NotificationSender(database, _logger);
    }

    /// <summary>The backend id of the lease connection (for tests: <c>pg_terminate_backend</c> ends this process's leases); null before the first lease call.</summary>
    internal int? LeaseBackendId => _leases?.FullState == System.Data.ConnectionState.Open ? _leases.ProcessID : null;

    /// <summary>Completes when wake-ups are being listened to (after the first <see cref="Subscribe"/>).</summary>
    internal Task Listening => _listener?.Listening ?? Task.CompletedTask;

    public async ValueTask<IReadOnlyList<DepartmentLease>> AcquireAsync(IReadOnlyList<DepartmentId> departments, string holder, Duration duration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(departments);
        ArgumentException.ThrowIfNullOrEmpty(holder);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    var connection = await LeaseConnectionAsync(duration, cancellationToken).ConfigureAwait(false);
                    var held = await BalanceAsync(connection, departments, cancellationToken).ConfigureAwait(false);
                    var expiresAt = _clock.GetCurrentInstant() + duration;
                    return [.. held.Select(d => new DepartmentLease(d, holder, expiresAt))];
                }
                catch (Exception exception) when (IsConnectionFailure(exception, cancellationToken))
                {
                    // The session is gone, and with it every lock it held: whatever this process believed, it holds nothing.
                    await LoseLeaseConnectionAsync(exception).ConfigureAwait(false);
                    if (attempt == 2)
                    {
                        throw;
                    }
                }
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask ReleaseAsync(DepartmentLease lease, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            bool held;
            lock (_sync)
            {
                held = _held.Contains(lease.DepartmentId);
            }

            if (held && _leases is { FullState: System.Data.ConnectionState.Open } connection)
            {
                try
                {
                    // Only a stopping router releases: it leaves the live processes, giving up every lease at once, so
                    // whoever takes a department over counts its fair share without this process. Each is announced.
                    await LeaveAsync(connection, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception exception) when (IsConnectionFailure(exception, cancellationToken))
                {
                    await LoseLeaseConnectionAsync(exception).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Wake(DepartmentId department)
    {
        bool mine;
        lock (_sync)
        {
            mine = _held.Contains(department);
        }

        if (mine)
        {
            Deliver(department);
        }
        else
        {
            _sender.Send(RoutingNotifications.Changed(department));
        }
    }

    public IDisposable Subscribe(Action<DepartmentId> onWake)
    {
        ArgumentNullException.ThrowIfNull(onWake);
        lock (_sync)
        {
            _subscribers = [.. _subscribers, onWake];
            if (_listener is null && _disposed == 0)
            {
                _listener = new NotificationListener(DedicatedConnectionString("Omnichannel routing wake-ups", keepAliveSeconds: 0), OnPayload, OnListenerReconnected, _logger);
                _listener.Start();
            }
        }

        return new Subscription(this, onWake);
    }

    /// <summary>For containers disposed synchronously: the same as <see cref="DisposeAsync"/>.</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        NotificationListener? listener;
        lock (_sync)
        {
            listener = _listener;
            _subscribers = [];
        }

        if (listener is not null)
        {
            await listener.DisposeAsync().ConfigureAwait(false);
        }

        await _sender.DisposeAsync().ConfigureAwait(false);
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_leases is not null)
            {
                await _leases.DisposeAsync().ConfigureAwait(false); // the session ends: PostgreSQL releases every lock it held
                _leases = null;
            }
        }
        finally
        {
            _gate.Release();
        }

        _gate.Dispose();
    }

    /// <summary>
    /// Reads who holds what (<c>pg_locks</c>: live members and department locks in this database), then gives up this
    /// process's surplus over its fair share or takes free departments up to it. Returns the departments held.
    /// </summary>
    private async Task<List<DepartmentId>> BalanceAsync(NpgsqlConnection connection, IReadOnlyList<DepartmentId> departments, CancellationToken cancellationToken)
    {
        var me = connection.ProcessID;
        var members = new HashSet<int>();
        var owners = new Dictionary<int, int>();
        await using (var command = new NpgsqlCommand(LockTable, connection))
        {
            command.Parameters.Add(Internal.Sql.Bigint(AdvisoryLockKeys.Member));
            command.Parameters.Add(Internal.Sql.Bigint(AdvisoryLockKeys.Department));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var pid = reader.GetInt32(0);
                var key = unchecked((int)(uint)reader.GetInt64(2));
                if (reader.GetInt64(1) == AdvisoryLockKeys.Member)
                {
                    members.Add(pid);
                }
                else
                {
                    owners[key] = pid;
                }
            }
        }

        if (!members.Contains(me))
        {
            throw new InvalidOperationException("The routing lease connection no longer holds its membership lock.");
        }

        var ordered = departments.Distinct().OrderBy(d => d.Value, StringComparer.Ordinal).ToList();
        var held = ordered.Where(d => owners.TryGetValue(AdvisoryLockKeys.Of(d), out var owner) && owner == me).ToList();
        var share = FairShare.Of(ordered.Count, members, me);
        if (held.Count > share)
        {
            // Give up the surplus (a process joined): announced, so the process whose share it is takes it at once.
            foreach (var department in held.Skip(share).ToList())
            {
                await UnlockAsync(connection, department, cancellationToken).ConfigureAwait(false);
                held.Remove(department);
                _sender.Send(RoutingNotifications.Freed(department));
                LogGaveUp(_logger, department.Value, share, members.Count);
            }
        }
        else
        {
            foreach (var department in ordered.Where(d => !owners.ContainsKey(AdvisoryLockKeys.Of(d))))
            {
                if (held.Count >= share)
                {
                    break;
                }

                await using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock($1, $2)", connection);
                command.Parameters.Add(Internal.Sql.Integer(AdvisoryLockKeys.Department));
                command.Parameters.Add(Internal.Sql.Integer(AdvisoryLockKeys.Of(department)));
                if ((bool)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!)
                {
                    held.Add(department);
                }
            }
        }

        lock (_sync)
        {
            _held.Clear();
            _held.UnionWith(held);
        }

        return held;
    }

    private static async Task UnlockAsync(NpgsqlConnection connection, DepartmentId department, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT pg_advisory_unlock($1, $2)", connection);
        command.Parameters.Add(Internal.Sql.Integer(AdvisoryLockKeys.Department));
        command.Parameters.Add(Internal.Sql.Integer(AdvisoryLockKeys.Of(department)));
        await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Gives up every lock of the lease session (membership and departments) and announces the departments held.</summary>
    private async Task LeaveAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT pg_advisory_unlock_all()", connection);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        _member = false;
        List<DepartmentId> held;
        lock (_sync)
        {
            held = [.. _held];
            _held.Clear();
        }

        foreach (var department in held)
        {
            _sender.Send(RoutingNotifications.Freed(department));
        }
    }

    /// <summary>The open lease connection, or a new one holding this process's membership lock (server keepalives set from the lease duration).</summary>
    private async Task<NpgsqlConnection> LeaseConnectionAsync(Duration duration, CancellationToken cancellationToken)
    {
        if (_leases is { FullState: System.Data.ConnectionState.Open } open)
        {
            if (!_member)
            {
                await JoinAsync(open, cancellationToken).ConfigureAwait(false); // a router started again after it released everything
            }

            return open;
        }

        if (_leases is not null)
        {
            await LoseLeaseConnectionAsync(null).ConfigureAwait(false);
        }

        // A host that vanishes without closing its socket is given up by the server after idle + count * interval seconds:
        // about two thirds of the lease duration, so another process takes over within the duration.
        var seconds = Math.Max(3, (int)duration.TotalSeconds);
        var idle = Math.Max(1, seconds / 3);
        var interval = Math.Max(1, seconds / 9);
        var connection = new NpgsqlConnection(DedicatedConnectionString("Omnichannel routing leases", keepAliveSeconds: idle));
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            var setup = string.Create(
                CultureInfo.InvariantCulture,
                $"SET tcp_keepalives_idle = {idle}; SET tcp_keepalives_interval = {interval}; SET tcp_keepalives_count = 3;");
            await using (var command = new NpgsqlCommand(setup, connection))
            {
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await JoinAsync(connection, cancellationToken).ConfigureAwait(false);
            _leases = connection;
            LogJoined(_logger, connection.ProcessID);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Takes this process's membership lock: the others count it among the live processes from now on.</summary>
    private async Task JoinAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT pg_advisory_lock($1, $2)", connection);
        command.Parameters.Add(Internal.Sql.Integer(AdvisoryLockKeys.Member));
        command.Parameters.Add(Internal.Sql.Integer(Random.Shared.Next(1, int.MaxValue)));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        _member = true;
    }

    private async Task LoseLeaseConnectionAsync(Exception? exception)
    {
        _member = false;
        int count;
        lock (_sync)
        {
            count = _held.Count;
            _held.Clear();
        }

        if (_leases is not null)
        {
            await _leases.DisposeAsync().ConfigureAwait(false);
            _leases = null;
        }

        if (exception is not null)
        {
            LogLeaseConnectionLost(_logger, exception, count);
        }
    }

    private string DedicatedConnectionString(string applicationName, int keepAliveSeconds)
    {
        var builder = new NpgsqlConnectionStringBuilder(_database.ConnectionString)
        {
            // A session of its own for as long as the process lives: never returned to a pool, never reset.
            Pooling = false,
            ApplicationName = applicationName,
        };
        if (keepAliveSeconds > 0)
        {
            builder.KeepAlive = keepAliveSeconds; // the client notices a dead server too
        }

        return builder.ConnectionString;
    }

    private void OnPayload(string payload)
    {
        if (!RoutingNotifications.TryParse(payload, out var freed, out var department))
        {
            return;
        }

        bool mine;
        lock (_sync)
        {
            mine = _held.Contains(department);
        }

        // A change matters to the leaseholder only; a lease given up, to the others.
        if (mine != freed)
        {
            Deliver(department);
        }
    }

    private void OnListenerReconnected()
    {
        List<DepartmentId> held;
        lock (_sync)
        {
            held = [.. _held];
        }

        foreach (var department in held)
        {
            Deliver(department);
        }
    }

    private void Deliver(DepartmentId department)
    {
        foreach (var subscriber in Volatile.Read(ref _subscribers))
        {
            subscriber(department);
        }
    }

    private static bool IsConnectionFailure(Exception exception, CancellationToken cancellationToken) =>
        !cancellationToken.IsCancellationRequested && exception is NpgsqlException or IOException or InvalidOperationException or TimeoutException;

    [LoggerMessage(6501, LogLevel.Information, "Routing joined the processes sharing the database (lease session {BackendId}).")]
    private static partial void LogJoined(ILogger logger, int backendId);

    [LoggerMessage(6502, LogLevel.Warning, "The routing lease connection failed; the {Count} department leases it held are lost (PostgreSQL released them) and another process may take them over.")]
    private static partial void LogLeaseConnectionLost(ILogger logger, Exception exception, int count);

    [LoggerMessage(6503, LogLevel.Information, "Gave up the lease on department {Department}: this process's fair share is {Share} with {Members} processes.")]
    private static partial void LogGaveUp(ILogger logger, string department, int share, int members);

    private sealed class Subscription(PostgreSqlRoutingCoordinator owner, Action<DepartmentId> onWake) : IDisposable
    {
        public void Dispose()
        {
            lock (owner._sync)
            {
                owner._subscribers = [.. owner._subscribers.Where(s => s != onWake)];
            }
        }
    }
}
