using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Omnichannel.Contacts;
using Omnichannel.Storage.Sqlite.Internal;

namespace Omnichannel.Storage.Sqlite.Tests;

/// <summary>
/// The WAL is checkpointed by the database's own thread, not inside a write's COMMIT, and still starts over: without
/// that the WAL would grow with every write, and with SQLite's automatic checkpoint every 1,000 pages the write that
/// crossed it waited for two fsyncs.
/// </summary>
public sealed class WalCheckpointTests : IDisposable
{
    private readonly TemporaryDatabases _files = new();

    [Fact]
    public async Task The_background_thread_checkpoints_the_whole_wal_so_the_next_write_starts_it_over()
    {
        var path = _files.NewPath();
        var database = _files.Open(path);
        await database.MigrateAsync(CancellationToken.None);
        for (var i = 0; i < WalCheckpointer.WritesPerCheckpoint; i++)
        {
            await database.Contacts.SaveAsync(new Contact { Id = new ContactId($"k-{i}"), Name = $"Contact {i}" }, CancellationToken.None);
        }

        // The last of those writes asked for a checkpoint; wait for the thread (no write runs meanwhile).
        var waited = Stopwatch.StartNew();
        while (database.CheckpointsRun == 0 && waited.Elapsed < TimeSpan.FromSeconds(60))
        {
            await Task.Delay(10);
        }

        Assert.Equal(1, database.CheckpointsRun);
        // Nothing has checkpointed the WAL but that thread (the writer's own automatic checkpoint is at 10,000 pages): one
        // more write finds it wholly in the database file and starts it over, so it holds only that write's pages.
        await database.Contacts.SaveAsync(new Contact { Id = new ContactId("k-last"), Name = "Last" }, CancellationToken.None);
        var (walFrames, _) = WalFrames(path);
        Assert.InRange(walFrames, 1, 20);

        // And everything written is there, read back through another connection.
        Assert.Equal(WalCheckpointer.WritesPerCheckpoint + 1, CountContacts(path));
    }

    [Fact]
    public async Task The_writer_leaves_checkpoints_to_the_background_thread_up_to_the_fallback_size()
    {
        var path = _files.NewPath();
        var database = _files.Open(path);
        await database.MigrateAsync(CancellationToken.None);
        await database.Contacts.SaveAsync(new Contact { Id = new ContactId("k-1"), Name = "One" }, CancellationToken.None);
        // SQLite's default is 1,000 pages, where the COMMIT crossing it waited for the checkpoint's two fsyncs.
        Assert.Equal(WalCheckpointer.WriterFallbackPages, WriterAutocheckpoint(database));
    }

    private static int WriterAutocheckpoint(SqliteOmnichannelDatabase database) =>
        database.WriteAsync(0, static (session, _) => Convert.ToInt32(session.Command("PRAGMA wal_autocheckpoint").ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture), CancellationToken.None, singleStatement: true)
            .AsTask().GetAwaiter().GetResult();

    private static (long Frames, long Checkpointed) WalFrames(string path)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(PASSIVE)";
        using var reader = command.ExecuteReader();
        Assert.True(reader.Read());
        return (reader.GetInt64(1), reader.GetInt64(2));
    }

    private static long CountContacts(string path)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM contacts";
        return (long)command.ExecuteScalar()!;
    }

    public void Dispose() => _files.Dispose();
}
