using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Omnichannel.Tests.PostgreSql;

/// <summary>
/// A throwaway PostgreSQL cluster started from the machine's server binaries: initdb into a temporary folder, a free
/// loopback port, the unix socket in the same folder. Tests get fresh databases from it with
/// <see cref="CreateDatabaseAsync"/>. It knows nothing of the storage adapter, so any test project (a multi-process
/// routing test, a benchmark) can link this file: <c>&lt;Compile Include="../Omnichannel.Storage.PostgreSql.Tests/Infrastructure/PostgresCluster.cs" /&gt;</c>.
/// </summary>
/// <remarks>
/// Thread-safe. <see cref="SharedAsync"/> starts one cluster per process on first use and stops it when the process
/// exits (<c>pg_ctl -m fast stop</c>, folder removed); a watchdog process stops it too if the test process is killed.
/// Durability is switched off (fsync, synchronous_commit) unless asked for: the data is thrown away anyway and tests run faster.
/// The server refuses to run as root, so when the tests run as root, initdb and pg_ctl run as the <c>postgres</c> user
/// through runuser. The database's default collation is ICU en-US when the server supports it, so code that forgets
/// <c>COLLATE "C"</c> where it needs ordinal order fails here as it would on a production server.
/// </remarks>
public sealed class PostgresCluster : IAsyncDisposable
{
    private const string InstallHint = "Run .ci/run (it installs PostgreSQL on a fresh machine) or `apt-get install -y postgresql`.";
    private static readonly Lazy<Task<PostgresCluster>> Shared = new(StartSharedAsync);
    private readonly string _binaries;
    private readonly string _dataDirectory;
    private readonly string? _runAs;
    private int _databases;
    private int _stopped;

    private PostgresCluster(string binaries, string root, int port, string password, string? runAs, bool durable)
    {
        Durable = durable;
        _binaries = binaries;
        Root = root;
        _dataDirectory = Path.Combine(root, "data");
        Port = port;
        Password = password;
        _runAs = runAs;
    }

    /// <summary>Whether commits are flushed to disk (fsync on, as in production); false for the test clusters.</summary>
    public bool Durable { get; }

    /// <summary>The loopback address the server listens on.</summary>
    public string Host => "127.0.0.1";

    /// <summary>The server's TCP port (chosen free at start).</summary>
    public int Port { get; }

    /// <summary>The superuser's name.</summary>
    public string Username => "postgres";

    /// <summary>The superuser's password (TCP connections need it; the unix socket trusts local users).</summary>
    public string Password { get; }

    /// <summary>The temporary folder holding the data directory, the unix socket and <c>server.log</c>.</summary>
    public string Root { get; }

    /// <summary>The folder holding the server binaries (initdb, pg_ctl, psql, pgbench).</summary>
    public string Binaries => _binaries;

    /// <summary>The folder of the unix socket (<c>Host=</c> this folder connects through it).</summary>
    public string SocketDirectory => Root;

    /// <summary>The server log, to read when a test fails mysteriously.</summary>
    public string LogFile => Path.Combine(Root, "server.log");

    /// <summary>The cluster shared by every test of the process, started on first use and stopped at process exit.</summary>
    /// <returns>The running cluster.</returns>
    public static Task<PostgresCluster> SharedAsync() => Shared.Value;

    /// <summary>Starts a new cluster; the caller stops it with <see cref="DisposeAsync"/>. Prefer <see cref="SharedAsync"/> for tests.</summary>
    /// <param name="durable">
    /// True to keep PostgreSQL's durability settings (fsync on, as in production: for measuring write rates, for example
    /// against <c>pgbench</c>); false to switch them off, which makes tests faster.
    /// </param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running cluster.</returns>
    /// <exception cref="InvalidOperationException">The server binaries are missing or the server did not start.</exception>
    public static async Task<PostgresCluster> StartAsync(bool durable = false, CancellationToken cancellationToken = default)
    {
        var binaries = FindBinaries();
        var runAs = Environment.UserName == "root" ? "postgres" : null;
        var root = Directory.CreateTempSubdirectory("omnichannel-pg-").FullName;
        var password = "pw-" + Guid.NewGuid().ToString("N");
        try
        {
            await File.WriteAllTextAsync(Path.Combine(root, "pwfile"), password + "\n", cancellationToken).ConfigureAwait(false);
            if (runAs is not null)
            {
                await RunAsync("chown", ["-R", runAs + ":", root], null, cancellationToken).ConfigureAwait(false);
            }

            var data = Path.Combine(root, "data");
            string[] initdb = ["-D", data, "-U", "postgres", "--auth-local=trust", "--auth-host=scram-sha-256", "--pwfile=" + Path.Combine(root, "pwfile"), "-E", "UTF8", "--no-sync", "--no-instructions"];
            try
            {
                await RunAsync(Path.Combine(binaries, "initdb"), [.. initdb, "--locale=C.UTF-8", "--locale-provider=icu", "--icu-locale=en-US"], runAs, cancellationToken).ConfigureAwait(false);
            }
            catch (InvalidOperationException)
            {
                // A server built without ICU: fall back to the plain C.UTF-8 locale.
                Directory.Delete(data, recursive: true);
                await RunAsync(Path.Combine(binaries, "initdb"), [.. initdb, "--locale=C.UTF-8"], runAs, cancellationToken).ConfigureAwait(false);
            }

            for (var attempt = 1; ; attempt++)
            {
                var cluster = new PostgresCluster(binaries, root, FreePort(), password, runAs, durable);
                try
                {
                    await cluster.StartServerAsync(cancellationToken).ConfigureAwait(false);
                    cluster.StartWatchdog();
                    return cluster;
                }
                catch (InvalidOperationException) when (attempt < 3)
                {
                    // The free port may have been taken between the probe and the start: try another one.
                }
            }
        }
        catch
        {
            TryDelete(root);
            throw;
        }
    }

    /// <summary>A connection string for <paramref name="database"/> over TCP as the superuser.</summary>
    /// <param name="database">The database.</param>
    /// <returns>The connection string.</returns>
    public string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder { Host = Host, Port = Port, Username = Username, Password = Password, Database = database }.ConnectionString;

    /// <summary>Creates a new database with a unique name: empty, or a copy of <paramref name="template"/>.</summary>
    /// <param name="template">A database to copy (nobody may be connected to it); null for an empty one.</param>
    /// <param name="cancellationToken">Cancels the creation.</param>
    /// <returns>The new database's name.</returns>
    public async Task<string> CreateDatabaseAsync(string? template = null, CancellationToken cancellationToken = default)
    {
        var name = $"test_{Environment.ProcessId}_{Interlocked.Increment(ref _databases)}";
        // FILE_COPY copies the template's files (with fsync off, about 40 ms) instead of writing them all to the WAL (about 150 ms).
        var from = template is null ? string.Empty : $" TEMPLATE \"{template.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
        await ExecuteAdminAsync($"CREATE DATABASE \"{name}\"{from} STRATEGY = FILE_COPY", cancellationToken).ConfigureAwait(false);
        return name;
    }

    /// <summary>Drops a database, closing its connections first.</summary>
    /// <param name="database">The database's name.</param>
    /// <param name="cancellationToken">Cancels the drop.</param>
    /// <returns>A task that completes when the database is gone.</returns>
    public Task DropDatabaseAsync(string database, CancellationToken cancellationToken = default) =>
        ExecuteAdminAsync($"DROP DATABASE IF EXISTS \"{database.Replace("\"", "\"\"", StringComparison.Ordinal)}\" WITH (FORCE)", cancellationToken);

    /// <summary>Runs a statement in the <c>postgres</c> database as the superuser.</summary>
    /// <param name="sql">The statement.</param>
    /// <param name="cancellationToken">Cancels the statement.</param>
    /// <returns>A task that completes when the statement ran.</returns>
    public async Task ExecuteAdminAsync(string sql, CancellationToken cancellationToken = default)
    {
        // Through the unix socket, without a pool: admin statements are rare, and pooled connections would keep databases busy.
        var builder = new NpgsqlConnectionStringBuilder { Host = SocketDirectory, Port = Port, Username = Username, Database = "postgres", Pooling = false };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stops the server (<c>pg_ctl -m fast stop</c>) and removes its folder. Safe to call more than once.</summary>
    public void Stop()
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return;
        }

        try
        {
            RunAsync(PgCtl, ["-D", _dataDirectory, "-m", "fast", "-w", "-t", "30", "stop"], _runAs, CancellationToken.None).GetAwaiter().GetResult();
        }
        catch (InvalidOperationException)
        {
            // Already stopped (the watchdog, or a test that stopped it on purpose).
        }

        TryDelete(Root);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        Stop();
        return ValueTask.CompletedTask;
    }

    private string PgCtl => Path.Combine(_binaries, "pg_ctl");

    private static async Task<PostgresCluster> StartSharedAsync()
    {
        var cluster = await StartAsync().ConfigureAwait(false);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => cluster.Stop();
        return cluster;
    }

    private async Task StartServerAsync(CancellationToken cancellationToken)
    {
        string[] durability = Durable ? [] : ["-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off"];
        var settings = string.Join(' ', [
            "-c listen_addresses=127.0.0.1", $"-p {Port}", $"-c unix_socket_directories={SocketDirectory}", "-c max_connections=300", .. durability,
        ]);
        await RunAsync(PgCtl, ["-D", _dataDirectory, "-l", LogFile, "-w", "-t", "60", "-o", settings, "start"], _runAs, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stops the server and removes the folder when this process dies without running its exit handlers.</summary>
    private void StartWatchdog()
    {
        var stop = string.Join(' ', [.. _runAs is null ? [] : new[] { "runuser", "-u", _runAs, "--" }, Quote(PgCtl), "-D", Quote(_dataDirectory), "-m", "immediate", "stop"]);
        // Output goes nowhere first: tail -f exits as soon as the pipe it inherited from this process is closed.
        var script = $"exec </dev/null >/dev/null 2>&1; tail --pid={Environment.ProcessId} -f /dev/null; {stop}; rm -rf {Quote(Root)}";
        var start = new ProcessStartInfo("setsid") { UseShellExecute = false, RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "-f", "sh", "-c", script })
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            using var watchdog = Process.Start(start);
            watchdog?.WaitForExit(5_000);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // No setsid: the exit handler still stops the server on a normal exit.
        }
    }

    private static string Quote(string text) => "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static string FindBinaries()
    {
        // A fresh machine: install the server as .ci/run would, so that plain `dotnet test` passes too.
        Omnichannel.Tests.Shared.SystemPackages.EnsureInstalled("postgresql", () => FindBinariesOrNull() is not null);
        return FindBinariesOrNull()
            ?? throw new InvalidOperationException($"The PostgreSQL server binaries (initdb, pg_ctl) were not found in /usr/lib/postgresql/*/bin, $OMNICHANNEL_PG_BIN or PATH. {InstallHint}");
    }

    private static string? FindBinariesOrNull()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("OMNICHANNEL_PG_BIN");
        var candidates = new List<string>();
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            candidates.Add(fromEnvironment);
        }

        if (Directory.Exists("/usr/lib/postgresql"))
        {
            // The newest installed major version first.
            candidates.AddRange(Directory.GetDirectories("/usr/lib/postgresql")
                .OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var major) ? major : 0)
                .Select(d => Path.Combine(d, "bin")));
        }

        candidates.AddRange((Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries));
        return candidates.FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "pg_ctl")));
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private static async Task RunAsync(string program, IReadOnlyList<string> arguments, string? runAs, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(runAs is null ? program : "runuser")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetTempPath(),
        };
        if (runAs is not null)
        {
            foreach (var argument in new[] { "-u", runAs, "--", program })
            {
                start.ArgumentList.Add(argument);
            }
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}. {InstallHint}");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{Path.GetFileName(program)} {string.Join(' ', arguments)} failed with exit code {process.ExitCode}:{Environment.NewLine}{await output.ConfigureAwait(false)}{await error.ConfigureAwait(false)}");
        }
    }

    private static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
