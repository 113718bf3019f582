using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Omnichannel.Storage.Sqlite.Internal;

/// <summary>
/// Checkpoints the database's WAL on a thread of its own, so that writes do not wait for the disk. A checkpoint copies
/// the WAL's pages into the database file and flushes both to disk (two fsyncs); SQLite's automatic checkpoint runs it
/// inside the COMMIT that takes the WAL past 1,000 pages, where that write and every write queued behind it wait for the
/// flush of everything written since the last one (a strace of the lifecycle benchmark: one checkpoint every 30-45
/// lifecycles, fsyncs of 4 ms median and up to 16 ms on a shared disk, about 300 us per lifecycle).
/// </summary>
/// <remarks>
/// <para>
/// Every <see cref="WritesPerCheckpoint"/> writes this thread runs a <c>PASSIVE</c> checkpoint while writes go on: it
/// copies and flushes everything committed so far, which is almost all of the WAL. Once the WAL holds
/// <see cref="RestartPages"/> pages, the writer runs a second checkpoint after its next write, still holding the write
/// lock, for the few pages committed meanwhile: the WAL is then wholly in the database file, so the next write starts it
/// over from its beginning (without such a moment the WAL would only grow). Writes wait for that second step only: two
/// flushes of little data, about once per 5,000 pages, instead of two flushes of everything once per 1,000 pages.
/// </para>
/// <para>
/// The durability of a commit does not change: under <c>synchronous=NORMAL</c> a commit never waited for the disk, and
/// each checkpoint still flushes the WAL before copying it and the database after (its connection has the same pragmas);
/// under <c>FULL</c> each commit still flushes the WAL itself. Should this thread fall behind (or another process pin
/// the WAL with a long read), the writer's own automatic checkpoint, raised to <see cref="WriterFallbackPages"/>
/// pages, still bounds the WAL.
/// </para>
/// <para>Thread-safe: <see cref="NoteWrite"/> is called by the writer under the write lock; <see cref="Dispose"/> stops the thread.</para>
/// </remarks>
internal sealed class WalCheckpointer : IDisposable
{
    /// <summary>
    /// Writes between two checkpoints: at the 2 to 10 pages a conversation write adds, a WAL of a few thousand pages
    /// (10 to 20 MB), well under <see cref="WriterFallbackPages"/>.
    /// </summary>
    public const int WritesPerCheckpoint = 500;

    /// <summary>
    /// The WAL size (pages, 20 MB) from which a checkpoint takes its second step, under the write lock, so the WAL starts
    /// over; below it the first step alone has flushed everything committed, and writes never wait.
    /// </summary>
    public const int RestartPages = 5_000;

    /// <summary>The WAL size (pages, 40 MB) at which the writer checkpoints by itself, should this thread fall behind.</summary>
    public const int WriterFallbackPages = 10_000;

    private const string Checkpoint = "PRAGMA wal_checkpoint(PASSIVE)";

    private readonly Func<SqliteSession> _open;
    private readonly ILogger _logger;
    private readonly string _database;
    private readonly object _gate = new();
    private Thread? _thread;
    private bool _due;
    private bool _stopping;
    private int _writes;
    private bool _restartDue;
    private long _checkpoints;

    /// <param name="open">Opens the checkpoint's own connection (with the database's pragmas, so the same fsyncs).</param>
    /// <param name="logger">Where failed checkpoints are logged.</param>
    /// <param name="database">The file, for the log.</param>
    public WalCheckpointer(Func<SqliteSession> open, ILogger logger, string database)
    {
        _open = open;
        _logger = logger;
        _database = database;
    }

    /// <summary>The checkpoints run so far (for tests).</summary>
    public long Checkpoints => Interlocked.Read(ref _checkpoints);

    /// <summary>
    /// Called by the writer, holding the write lock, after each committed write: counts it (every
    /// <see cref="WritesPerCheckpoint"/>th asks the thread for a checkpoint), and runs the second step of a checkpoint
    /// when the thread left one due.
    /// </summary>
    /// <param name="writer">The writer's session.</param>
    public void NoteWrite(SqliteSession writer)
    {
        if (Volatile.Read(ref _restartDue))
        {
            Volatile.Write(ref _restartDue, false);
            // Copies and flushes only what was committed since the thread's checkpoint; the next write starts the WAL over.
            // Should the thread be checkpointing again right now, this one does nothing and the thread asks again.
            try
            {
                CheckpointReturningWalPages(writer);
            }
            catch (SqliteException exception)
            {
                // The write itself committed: its caller must not see this; the thread asks again at its next checkpoint.
                Log.CheckpointFailed(_logger, _database, exception);
            }
        }

        if (Interlocked.Increment(ref _writes) != WritesPerCheckpoint)
        {
            return;
        }

        lock (_gate)
        {
            if (_stopping)
            {
                return;
            }

            _due = true;
            if (_thread is null)
            {
                _thread = new Thread(Run) { IsBackground = true, Name = "Omnichannel SQLite checkpoint" };
                _thread.Start();
            }

            Monitor.Pulse(_gate);
        }
    }

    /// <summary>Stops the thread, after the checkpoint under way if any.</summary>
    public void Dispose()
    {
        Thread? thread;
        lock (_gate)
        {
            _stopping = true;
            thread = _thread;
            Monitor.PulseAll(_gate);
        }

        thread?.Join();
    }

    /// <summary>Runs a <c>PASSIVE</c> checkpoint; returns the pages the WAL holds (its size since it last started over).</summary>
    private static long CheckpointReturningWalPages(SqliteSession session)
    {
        using var reader = session.Command(Checkpoint).ExecuteReader();
        return reader.Read() ? reader.GetInt64(1) : 0;
    }

    private void Run()
    {
        SqliteSession? session = null;
        try
        {
            while (true)
            {
                lock (_gate)
                {
                    while (!_due && !_stopping)
                    {
                        Monitor.Wait(_gate);
                    }

                    if (_stopping)
                    {
                        return;
                    }

                    _due = false;
                }

                // Writes from now on count towards the next checkpoint.
                Interlocked.Exchange(ref _writes, 0);
                try
                {
                    session ??= _open();
                    if (CheckpointReturningWalPages(session) >= RestartPages)
                    {
                        // The writer finishes it, after its next write (see NoteWrite): waiting here for the write lock
                        // starved behind a stream of writes, which re-take the lock before a waiting thread wakes.
                        Volatile.Write(ref _restartDue, true);
                    }

                    Interlocked.Increment(ref _checkpoints);
                }
                catch (Exception exception) when (exception is SqliteException or InvalidOperationException)
                {
                    // The next checkpoint tries again on a new connection; meanwhile the writer's fallback bounds the WAL.
                    Log.CheckpointFailed(_logger, _database, exception);
                    session?.Dispose();
                    session = null;
                }
            }
        }
        finally
        {
            session?.Dispose();
        }
    }
}
