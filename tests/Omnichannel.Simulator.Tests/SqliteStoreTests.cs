namespace Omnichannel.Simulator.Tests;

/// <summary>The simulator on the SQLite adapter (<c>--store sqlite</c>): the same day as in memory, and files it never overwrites.</summary>
public class SqliteStoreTests
{
    private static readonly string[] Short = ["--hours", "0.5", "--agents", "12", "--arrivals-per-hour", "300", "--seed", "5", "--json", "--algorithm", "least-busy,round-robin"];

    [Fact]
    public async Task A_day_on_sqlite_gives_the_same_results_as_in_memory()
    {
        var memory = await SimulatorRunner.RunAsync(Short);
        var sqlite = await SimulatorRunner.RunAsync([.. Short, "--store", "sqlite"]);

        Assert.Equal(0, sqlite.ExitCode);
        Assert.Contains("\"answered\"", sqlite.Stdout, StringComparison.Ordinal);
        Assert.Equal(memory.Stdout, sqlite.Stdout);
    }

    [Fact]
    public async Task A_named_database_is_kept_per_algorithm_and_never_reused()
    {
        var folder = Directory.CreateTempSubdirectory("simulator-db-").FullName;
        try
        {
            var path = Path.Combine(folder, "day.db");
            var first = await SimulatorRunner.RunAsync([.. Short, "--store", "sqlite", "--database", path]);
            Assert.Equal(0, first.ExitCode);
            Assert.True(File.Exists(Path.Combine(folder, "day-least-busy.db")));
            Assert.True(File.Exists(Path.Combine(folder, "day-round-robin.db")));

            var second = await SimulatorRunner.RunAsync([.. Short, "--store", "sqlite", "--database", path]);
            Assert.Equal(2, second.ExitCode);
            Assert.Contains("exists already", second.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }
}
