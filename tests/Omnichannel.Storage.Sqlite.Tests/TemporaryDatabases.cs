using Omnichannel.Storage.Sqlite;

namespace Omnichannel.Storage.Sqlite.Tests;

/// <summary>
/// Fresh database FILES for one test (not :memory:, so WAL and file locking are exercised), in a folder of their
/// own that is deleted, with every file in it, when the test ends.
/// </summary>
public sealed class TemporaryDatabases : IDisposable
{
    private readonly List<SqliteOmnichannelDatabase> _opened = [];
    private int _files;

    public TemporaryDatabases()
    {
        Directory = Path.Combine(Path.GetTempPath(), "omnichannel-sqlite-tests", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
    }

    public string Directory { get; }

    /// <summary>A path for a database file that does not exist yet.</summary>
    public string NewPath() => Path.Combine(Directory, $"test-{Interlocked.Increment(ref _files)}.db");

    /// <summary>A new, migrated database in a new file.</summary>
    public async Task<SqliteOmnichannelDatabase> CreateAsync(Action<SqliteStorageOptions>? configure = null, NodaTime.IClock? clock = null)
    {
        var database = Open(NewPath(), configure, clock);
        await database.MigrateAsync(CancellationToken.None);
        return database;
    }

    /// <summary>Opens (without migrating) a database over <paramref name="path"/>; closed when the test ends.</summary>
    public SqliteOmnichannelDatabase Open(string path, Action<SqliteStorageOptions>? configure = null, NodaTime.IClock? clock = null)
    {
        var options = new SqliteStorageOptions { ConnectionString = $"Data Source={path}" };
        configure?.Invoke(options);
        var database = new SqliteOmnichannelDatabase(options, logger: null, clock);
        lock (_opened)
        {
            _opened.Add(database);
        }

        return database;
    }

    public void Dispose()
    {
        lock (_opened)
        {
            foreach (var database in _opened)
            {
                database.Dispose();
            }

            _opened.Clear();
        }

        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
