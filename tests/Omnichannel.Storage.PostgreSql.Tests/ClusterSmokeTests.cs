using System.Diagnostics;
using Npgsql;
using Omnichannel.Tests.PostgreSql;

namespace Omnichannel.Storage.PostgreSql.Tests;

public sealed class ClusterSmokeTests(PostgresFixture db) : IClassFixture<PostgresFixture>
{
    [Fact]
    public async Task Each_database_is_fresh_and_separate()
    {
        var watch = Stopwatch.StartNew();
        var first = await db.CreateEmptyDatabaseAsync();
        var second = await db.CreateEmptyDatabaseAsync();
        var elapsed = watch.Elapsed;

        await using (var connection = new NpgsqlConnection(first))
        {
            await connection.OpenAsync();
            await new NpgsqlCommand("CREATE TABLE t (x int)", connection).ExecuteNonQueryAsync();
        }

        await using (var connection = new NpgsqlConnection(second))
        {
            await connection.OpenAsync();
            var count = await new NpgsqlCommand("SELECT count(*) FROM pg_tables WHERE tablename = 't'", connection).ExecuteScalarAsync();
            Assert.Equal(0L, count);
        }

        Assert.True(elapsed < TimeSpan.FromSeconds(5), $"Two databases took {elapsed}.");
    }
}
