using Npgsql;
using Omnichannel.Storage;
using static Omnichannel.Storage.PostgreSql.Tests.TestData;

namespace Omnichannel.Storage.PostgreSql.Tests;

/// <summary>The schema's versioned migrations: idempotent, once under concurrency, refusing newer schemas untouched.</summary>
public sealed class MigrationTests(StorageFixture fixture) : IClassFixture<StorageFixture>
{
    private static readonly CancellationToken None = CancellationToken.None;

    private const string SchemaFingerprint = """
        SELECT string_agg(kind || ':' || name, ',' ORDER BY kind, name) FROM (
            SELECT 'table' AS kind, tablename AS name FROM pg_tables WHERE schemaname = 'public'
            UNION ALL SELECT 'index', indexname FROM pg_indexes WHERE schemaname = 'public'
            UNION ALL SELECT 'function', proname FROM pg_proc WHERE pronamespace = 'public'::regnamespace) AS objects
        """;

    [Fact]
    public async Task Migrate_brings_an_empty_database_to_the_latest_version_and_is_idempotent()
    {
        var connectionString = await fixture.CreateDatabaseAsync();
        await using var database = Open(connectionString);
        Assert.Equal(0, await database.GetSchemaVersionAsync(None));

        await database.MigrateAsync(None);
        var afterFirst = await StorageFixture.ExecuteAsync(connectionString, SchemaFingerprint);
        await database.MigrateAsync(None);
        await using (var again = Open(connectionString))
        {
            await again.MigrateAsync(None);
        }

        Assert.Equal(PostgreSqlOmnichannelDatabase.LatestSchemaVersion, await database.GetSchemaVersionAsync(None));
        Assert.Equal(afterFirst, await StorageFixture.ExecuteAsync(connectionString, SchemaFingerprint));
        Assert.Equal((long)PostgreSqlOmnichannelDatabase.LatestSchemaVersion, await StorageFixture.ExecuteAsync(connectionString, "SELECT count(*) FROM schema_version"));
        Assert.Contains("table:conversations", (string)afterFirst!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Instances_migrating_at_once_migrate_once()
    {
        var connectionString = await fixture.CreateDatabaseAsync();
        var instances = Enumerable.Range(0, 4).Select(_ => Open(connectionString)).ToArray();
        try
        {
            var outcomes = await RaceAsync(instances.Length, i => instances[i].MigrateAsync(None).ContinueWith(t => t.Exception?.InnerException, TaskScheduler.Default));

            Assert.All(outcomes, o => Assert.Null(o.Value ?? o.Error));
            var applied = await StorageFixture.ExecuteAsync(connectionString, "SELECT string_agg(version::text, ',' ORDER BY version) FROM schema_version");
            Assert.Equal(string.Join(',', Enumerable.Range(1, PostgreSqlOmnichannelDatabase.LatestSchemaVersion)), applied);
        }
        finally
        {
            foreach (var instance in instances)
            {
                await instance.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task The_first_store_call_migrates_an_empty_database()
    {
        var connectionString = await fixture.CreateDatabaseAsync();
        await using var database = Open(connectionString);

        var created = await CreateAsync(database.Conversations, "c-1");

        Assert.Equal(1, created.Version);
        Assert.Equal(PostgreSqlOmnichannelDatabase.LatestSchemaVersion, await database.GetSchemaVersionAsync(None));
    }

    [Fact]
    public async Task A_database_of_a_newer_schema_version_is_refused_and_left_unchanged()
    {
        var connectionString = await fixture.CreateDatabaseAsync();
        await using (var current = Open(connectionString))
        {
            await current.MigrateAsync(None);
        }

        var newer = PostgreSqlOmnichannelDatabase.LatestSchemaVersion + 1;
        await StorageFixture.ExecuteAsync(connectionString, $"INSERT INTO schema_version (version, name) VALUES ({newer}, '{newer:D4}_from_the_future')");
        var before = await StorageFixture.ExecuteAsync(connectionString, SchemaFingerprint);
        await using var database = Open(connectionString);

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => database.MigrateAsync(None));
        var refusedOnUse = await Assert.ThrowsAsync<InvalidOperationException>(() => database.Agents.GetAsync(new AgentId("a-1"), None).AsTask());

        Assert.Contains($"schema version {newer}", refused.Message, StringComparison.Ordinal);
        Assert.Contains($"up to {PostgreSqlOmnichannelDatabase.LatestSchemaVersion}", refused.Message, StringComparison.Ordinal);
        Assert.Equal(refused.Message, refusedOnUse.Message);
        Assert.Equal(before, await StorageFixture.ExecuteAsync(connectionString, SchemaFingerprint));
        Assert.Equal(newer, await database.GetSchemaVersionAsync(None));
    }

    [Fact]
    public async Task Without_migration_at_start_up_an_old_schema_is_refused_until_MigrateAsync_runs()
    {
        var connectionString = await fixture.CreateDatabaseAsync();
        await using var database = new PostgreSqlOmnichannelDatabase(new PostgreSqlStorageOptions { ConnectionString = connectionString, MigrateOnStartup = false });

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => database.Contacts.GetAsync(new ContactId("k-1"), None).AsTask());
        Assert.Contains("MigrateAsync", refused.Message, StringComparison.Ordinal);
        Assert.IsType<DBNull>(await StorageFixture.ExecuteAsync(connectionString, "SELECT to_regclass('schema_version')::text"));

        await database.MigrateAsync(None);
        Assert.Null(await database.Contacts.GetAsync(new ContactId("k-1"), None));
    }

    private static PostgreSqlOmnichannelDatabase Open(string connectionString) => new(new PostgreSqlStorageOptions { ConnectionString = connectionString });
}
