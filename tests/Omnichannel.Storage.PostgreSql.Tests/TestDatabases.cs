using Npgsql;
using Omnichannel.Tests.PostgreSql;

namespace Omnichannel.Storage.PostgreSql.Tests;

/// <summary>
/// The databases of one test: <see cref="CreateAsync"/> gives the test its own migrated database; called again within
/// the same test (the model-based run asks for fresh stores per sequence), it empties that database instead of creating
/// another. <see cref="DropAllAsync"/> closes the pools and drops the databases.
/// </summary>
/// <remarks>Not thread-safe: one test uses it.</remarks>
internal sealed class TestDatabases(PostgresFixture fixture)
{
    private const string EmptyAll = "DELETE FROM conversation_messages; DELETE FROM conversations; DELETE FROM outbox; DELETE FROM agents; "
        + "DELETE FROM departments; DELETE FROM contacts; DELETE FROM canned_responses; DELETE FROM calls;";

    private readonly List<(string ConnectionString, PostgreSqlOmnichannelDatabase Database)> _created = [];
    private readonly List<PostgreSqlOmnichannelDatabase> _extra = [];

    /// <summary>The fixture's cluster.</summary>
    public PostgresCluster Cluster => fixture.Cluster;

    /// <summary>The connection string of the last database created.</summary>
    public string ConnectionString => _created[^1].ConnectionString;

    /// <summary>A migrated, empty database of this test.</summary>
    public async Task<PostgreSqlOmnichannelDatabase> CreateAsync()
    {
        if (_created.Count > 0)
        {
            await ExecuteAsync(_created[0].ConnectionString, EmptyAll);
            return _created[0].Database;
        }

        return await CreateNewAsync();
    }

    /// <summary>Another migrated, empty database, even when the test has one.</summary>
    public async Task<PostgreSqlOmnichannelDatabase> CreateNewAsync()
    {
        var connectionString = await fixture.CreateEmptyDatabaseAsync();
        var database = new PostgreSqlOmnichannelDatabase(new PostgreSqlStorageOptions { ConnectionString = connectionString });
        await database.MigrateAsync(CancellationToken.None);
        _created.Add((connectionString, database));
        return database;
    }

    /// <summary>A second database object (its own connection pool, as another process would have) over the last database created.</summary>
    public PostgreSqlOmnichannelDatabase OpenAnother(Action<NpgsqlConnectionStringBuilder>? change = null)
    {
        var builder = new NpgsqlConnectionStringBuilder(ConnectionString);
        change?.Invoke(builder);
        var database = new PostgreSqlOmnichannelDatabase(new PostgreSqlStorageOptions { ConnectionString = builder.ConnectionString });
        _extra.Add(database);
        return database;
    }

    /// <summary>Runs statements in a database over a connection of its own.</summary>
    public static async Task<object?> ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    public async Task DropAllAsync()
    {
        foreach (var database in _extra)
        {
            await database.DisposeAsync();
        }

        foreach (var (connectionString, database) in _created)
        {
            await database.DisposeAsync();
            await fixture.Cluster.DropDatabaseAsync(new NpgsqlConnectionStringBuilder(connectionString).Database!);
        }
    }
}
