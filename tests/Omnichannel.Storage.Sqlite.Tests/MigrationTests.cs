using Microsoft.Data.Sqlite;
using Omnichannel.Storage.Sqlite;

namespace Omnichannel.Storage.Sqlite.Tests;

public sealed class MigrationTests : IDisposable
{
    private readonly TemporaryDatabases _files = new();

    [Fact]
    public async Task Migrate_creates_the_schema_in_WAL_mode_and_is_idempotent()
    {
        var path = _files.NewPath();
        var database = _files.Open(path);

        await database.MigrateAsync(CancellationToken.None);
        var tablesAfterFirst = SchemaOf(path);
        await database.MigrateAsync(CancellationToken.None);
        await _files.Open(path).MigrateAsync(CancellationToken.None);

        Assert.Equal(SqliteOmnichannelDatabase.LatestSchemaVersion, await database.GetSchemaVersionAsync(CancellationToken.None));
        Assert.Equal(SqliteOmnichannelDatabase.LatestSchemaVersion, Scalar(path, "SELECT COUNT(*) FROM schema_version"));
        Assert.Equal(tablesAfterFirst, SchemaOf(path));
        Assert.Contains("CREATE TABLE conversations", tablesAfterFirst, StringComparison.Ordinal);
        Assert.Equal("wal", ScalarText(path, "PRAGMA journal_mode"));
    }

    [Fact]
    public async Task A_new_file_reports_schema_version_0_until_migrated()
    {
        var database = _files.Open(_files.NewPath());

        Assert.Equal(0, await database.GetSchemaVersionAsync(CancellationToken.None));
        await database.MigrateAsync(CancellationToken.None);
        Assert.Equal(SqliteOmnichannelDatabase.LatestSchemaVersion, await database.GetSchemaVersionAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_database_from_a_newer_library_is_refused_with_both_versions_and_left_unchanged()
    {
        var path = _files.NewPath();
        await _files.Open(path).MigrateAsync(CancellationToken.None);
        var newer = SqliteOmnichannelDatabase.LatestSchemaVersion + 1;
        Execute(path, $"INSERT INTO schema_version (version, name, applied_at) VALUES ({newer}, 'from the future', '2099-01-01'); CREATE TABLE future_things (id TEXT);");
        var before = SchemaOf(path);

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => _files.Open(path).MigrateAsync(CancellationToken.None));

        Assert.Contains($"schema version {newer}", refused.Message, StringComparison.Ordinal);
        Assert.Contains($"up to {SqliteOmnichannelDatabase.LatestSchemaVersion}", refused.Message, StringComparison.Ordinal);
        Assert.Contains(path, refused.Message, StringComparison.Ordinal);
        Assert.Contains("not changed", refused.Message, StringComparison.Ordinal);
        Assert.Equal(before, SchemaOf(path));
        Assert.Equal(newer, Scalar(path, "SELECT MAX(version) FROM schema_version"));
    }

    [Fact]
    public async Task First_use_of_a_store_on_a_newer_database_is_refused_too()
    {
        var path = _files.NewPath();
        await _files.Open(path).MigrateAsync(CancellationToken.None);
        Execute(path, $"INSERT INTO schema_version (version, name, applied_at) VALUES ({SqliteOmnichannelDatabase.LatestSchemaVersion + 1}, 'x', 'x')");

        var database = _files.Open(path);

        await Assert.ThrowsAsync<InvalidOperationException>(() => database.Departments.ListAsync(CancellationToken.None).AsTask());
    }

    [Fact]
    public async Task Several_processes_migrating_a_new_file_at_once_migrate_it_once()
    {
        var path = _files.NewPath();
        var databases = Enumerable.Range(0, 6).Select(_ => _files.Open(path)).ToArray();
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var migrations = databases.Select(d => Task.Run(async () =>
        {
            await start.Task;
            await d.MigrateAsync(CancellationToken.None);
        })).ToArray();
        start.SetResult();
        await Task.WhenAll(migrations);

        Assert.Equal(SqliteOmnichannelDatabase.LatestSchemaVersion, Scalar(path, "SELECT COUNT(*) FROM schema_version"));
        foreach (var database in databases)
        {
            Assert.Equal(SqliteOmnichannelDatabase.LatestSchemaVersion, await database.GetSchemaVersionAsync(CancellationToken.None));
        }
    }

    [Fact]
    public async Task The_stores_migrate_on_first_use_by_default()
    {
        var database = _files.Open(_files.NewPath());

        Assert.Empty(await database.Departments.ListAsync(CancellationToken.None));
        Assert.Equal(SqliteOmnichannelDatabase.LatestSchemaVersion, await database.GetSchemaVersionAsync(CancellationToken.None));
    }

    [Fact]
    public async Task With_migration_at_startup_off_an_old_schema_is_refused_until_MigrateAsync_is_called()
    {
        var database = _files.Open(_files.NewPath(), o => o.MigrateOnStartup = false);

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => database.Departments.ListAsync(CancellationToken.None).AsTask());
        Assert.Contains("MigrateAsync", refused.Message, StringComparison.Ordinal);
        Assert.Contains($"needs version {SqliteOmnichannelDatabase.LatestSchemaVersion}", refused.Message, StringComparison.Ordinal);
        Assert.Equal(0, await database.GetSchemaVersionAsync(CancellationToken.None));

        await database.MigrateAsync(CancellationToken.None);
        Assert.Empty(await database.Departments.ListAsync(CancellationToken.None));
    }

    public void Dispose() => _files.Dispose();

    internal static long Scalar(string path, string sql) => Convert.ToInt64(Run(path, sql, c => c.ExecuteScalar()), System.Globalization.CultureInfo.InvariantCulture);

    private static string? ScalarText(string path, string sql) => Run(path, sql, c => c.ExecuteScalar()) as string;

    internal static void Execute(string path, string sql) => Run(path, sql, c => c.ExecuteNonQuery());

    private static string SchemaOf(string path) =>
        Run(path, "SELECT group_concat(sql, ';') FROM (SELECT sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY name)", c => c.ExecuteScalar()) as string ?? string.Empty;

    private static T Run<T>(string path, string sql, Func<SqliteCommand, T> run)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return run(command);
    }
}
