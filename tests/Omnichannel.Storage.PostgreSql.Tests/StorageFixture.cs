using Npgsql;
using Omnichannel.Tests.PostgreSql;

namespace Omnichannel.Storage.PostgreSql.Tests;

/// <summary>
/// One migrated database per test class on the shared cluster (a copy of a database migrated once per process), emptied
/// by <see cref="ResetAsync"/> before each use: tests of a class run one after another, so each starts from empty tables
/// at the cost of a few DELETEs rather than a CREATE DATABASE. Tests that need a database of their own (migrations)
/// create one with <see cref="CreateDatabaseAsync"/>.
/// </summary>
/// <remarks>Used by one test at a time (xunit runs a class's tests sequentially); the database object itself is thread-safe.</remarks>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "xunit disposes it through IAsyncLifetime.DisposeAsync.")]
public sealed class StorageFixture : IAsyncLifetime
{
    private const string EmptyAll = "DELETE FROM conversation_messages; DELETE FROM conversations; DELETE FROM outbox; DELETE FROM agents; "
        + "DELETE FROM departments; DELETE FROM contacts; DELETE FROM canned_responses; DELETE FROM calls; DELETE FROM tags;";

    private static readonly Lazy<Task<string>> MigratedTemplate = new(CreateMigratedTemplateAsync);

    private readonly PostgresFixture _cluster = new();
    private readonly List<PostgreSqlOmnichannelDatabase> _opened = [];
    private PostgreSqlOmnichannelDatabase _database = null!;

    /// <summary>The shared cluster.</summary>
    public PostgresCluster Cluster => _cluster.Cluster;

    /// <summary>The connection string of the class's database.</summary>
    public string ConnectionString { get; private set; } = string.Empty;

    /// <summary>Empties the class's database and returns it.</summary>
    public async Task<PostgreSqlOmnichannelDatabase> ResetAsync()
    {
        await ExecuteAsync(ConnectionString, EmptyAll);
        return _database;
    }

    /// <summary>
    /// Another database object over the class's database, with its own connection pool, as another process would have.
    /// Closed when the class ends.
    /// </summary>
    /// <param name="change">Changes to its connection string (pool size, timeouts); optional.</param>
    /// <param name="clock">The clock of the library (outbox retention); the system clock when null.</param>
    /// <param name="outboxRetention">The outbox retention; the default when null.</param>
    /// <param name="configure">Changes to the other options; optional.</param>
    public PostgreSqlOmnichannelDatabase OpenAnother(Action<NpgsqlConnectionStringBuilder>? change = null, NodaTime.IClock? clock = null, NodaTime.Duration? outboxRetention = null, Action<PostgreSqlStorageOptions>? configure = null)
    {
        var builder = new NpgsqlConnectionStringBuilder(ConnectionString);
        change?.Invoke(builder);
        var options = new PostgreSqlStorageOptions { ConnectionString = builder.ConnectionString };
        if (outboxRetention is { } retention)
        {
            options.OutboxRetention = retention;
        }

        configure?.Invoke(options);

        var database = new PostgreSqlOmnichannelDatabase(options, logger: null, clock);
        _opened.Add(database);
        return database;
    }

    /// <summary>A new, empty (not migrated) database of the caller's own, dropped when the class ends.</summary>
    public Task<string> CreateDatabaseAsync() => _cluster.CreateEmptyDatabaseAsync();

    /// <summary>Runs statements (or one query, whose first value it returns) over a connection of its own.</summary>
    public static async Task<object?> ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        await _cluster.InitializeAsync();
        ConnectionString = await _cluster.CreateEmptyDatabaseAsync(await MigratedTemplate.Value);
        _database = new PostgreSqlOmnichannelDatabase(new PostgreSqlStorageOptions { ConnectionString = ConnectionString });
        await _database.MigrateAsync(CancellationToken.None);
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        foreach (var database in _opened)
        {
            await database.DisposeAsync();
        }

        await _database.DisposeAsync();
        await _cluster.DisposeAsync();
    }

    private static async Task<string> CreateMigratedTemplateAsync()
    {
        var cluster = await PostgresCluster.SharedAsync();
        var name = await cluster.CreateDatabaseAsync();
        await using (var database = new PostgreSqlOmnichannelDatabase(new PostgreSqlStorageOptions { ConnectionString = cluster.ConnectionString(name) }))
        {
            await database.MigrateAsync(CancellationToken.None);
        }

        // A template may have no connections while it is copied: close the pooled ones.
        NpgsqlConnection.ClearAllPools();
        return name;
    }
}
