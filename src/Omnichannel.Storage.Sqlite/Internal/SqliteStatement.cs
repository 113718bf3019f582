using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Omnichannel.Storage.Sqlite.Internal;

/// <summary>
/// A statement of the write path prepared once per connection and run through SQLite's own API (as Microsoft.Data.Sqlite
/// does underneath), binding values in place: no parameter objects, no boxed numbers, no UTF-8 copy of each parameter's
/// name and text on the heap. Microsoft.Data.Sqlite's <see cref="SqliteCommand"/> allocated about as many bytes per
/// lifecycle on SQLite as the whole in-memory lifecycle (parameters, their values converted, a data reader per execution).
/// Used for statements that wait for no lock in WAL mode: those inside the writer's transaction, its COMMIT, and point
/// reads. Should SQLite still answer SQLITE_BUSY (another connection recovering the WAL), it has already waited the
/// connection's <c>busy_timeout</c> (<see cref="SqliteStorageOptions.BusyTimeout"/>) and the error is thrown as a
/// <see cref="SqliteException"/>; the <c>BEGIN IMMEDIATE</c> that does wait for the write lock stays a
/// <see cref="SqliteCommand"/>, with Microsoft.Data.Sqlite's retries on top of that timeout.
/// </summary>
/// <remarks>Not thread-safe: used by its session's one caller at a time.</remarks>
internal sealed class SqliteStatement : IDisposable
{
    private const int Ok = 0;
    private const int Row = 100;
    private const int Done = 101;
    private const uint PreparePersistent = 0x01; // SQLITE_PREPARE_PERSISTENT: kept for the connection's life

    private readonly sqlite3 _database;
    private readonly sqlite3_stmt _statement;
    private readonly Dictionary<string, int> _indexes = new(StringComparer.Ordinal);
    private byte[] _scratch = new byte[256];

    public SqliteStatement(sqlite3 database, string sql)
    {
        _database = database;
        var rc = raw.sqlite3_prepare_v3(database, sql, PreparePersistent, out var statement, out _);
        if (rc != Ok)
        {
            statement?.Dispose();
            SqliteException.ThrowExceptionForRC(rc, database);
        }

        _statement = statement!;
    }

    /// <summary>Clears the previous execution's state and values, so a run binds from a clean statement.</summary>
    public SqliteStatement Start()
    {
        raw.sqlite3_reset(_statement);
        raw.sqlite3_clear_bindings(_statement);
        return this;
    }

    public SqliteStatement Bind(string name, long value)
    {
        Check(raw.sqlite3_bind_int64(_statement, Index(name), value));
        return this;
    }

    public SqliteStatement Bind(string name, bool value) => Bind(name, value ? 1L : 0L);

    /// <summary>Binds text (converted to UTF-8 in a buffer the statement reuses: SQLite copies it), or NULL.</summary>
    public SqliteStatement Bind(string name, string? value)
    {
        var index = Index(name);
        if (value is null)
        {
            Check(raw.sqlite3_bind_null(_statement, index));
            return this;
        }

        if (value.Length == 0)
        {
            // An empty span would reach SQLite as a null pointer, which binds NULL, not ''.
            Check(raw.sqlite3_bind_text(_statement, index, string.Empty));
            return this;
        }

        var most = Encoding.UTF8.GetMaxByteCount(value.Length);
        if (_scratch.Length < most)
        {
            _scratch = new byte[Math.Max(most, _scratch.Length * 2)];
        }

        var length = Encoding.UTF8.GetBytes(value, _scratch);
        Check(raw.sqlite3_bind_text(_statement, index, _scratch.AsSpan(0, length)));
        return this;
    }

    /// <summary>Binds UTF-8 text as TEXT (not a BLOB), or NULL.</summary>
    public SqliteStatement BindUtf8(string name, byte[]? utf8)
    {
        var index = Index(name);
        Check(utf8 is null ? raw.sqlite3_bind_null(_statement, index)
            : utf8.Length == 0 ? raw.sqlite3_bind_text(_statement, index, string.Empty) // an empty span would bind NULL
            : raw.sqlite3_bind_text(_statement, index, utf8));
        return this;
    }

    /// <summary>Runs a statement that returns no rows to the end; the rows it changed.</summary>
    public int Execute()
    {
        int rc;
        while ((rc = raw.sqlite3_step(_statement)) == Row)
        {
        }

        Finish(rc);
        return raw.sqlite3_changes(_database);
    }

    /// <summary>Steps to the next row: true when there is one, false at the end.</summary>
    public bool Read()
    {
        var rc = raw.sqlite3_step(_statement);
        if (rc == Row)
        {
            return true;
        }

        Finish(rc);
        return false;
    }

    /// <summary>Ends a run that stopped before its last row (a statement left on a row keeps its read open).</summary>
    public void Reset() => raw.sqlite3_reset(_statement);

    public long GetInt64(int column) => raw.sqlite3_column_int64(_statement, column);

    public bool IsNull(int column) => raw.sqlite3_column_type(_statement, column) == raw.SQLITE_NULL;

    /// <summary>The column's text as UTF-8, valid until the next step or reset.</summary>
    public ReadOnlySpan<byte> GetUtf8(int column) => raw.sqlite3_column_blob(_statement, column);

    public void Dispose() => _statement.Dispose();

    private void Finish(int rc)
    {
        if (rc == Done)
        {
            return;
        }

        // An error: a reset ends the run (SQLite rolls the statement back), then the error is described as Microsoft.Data.Sqlite would.
        raw.sqlite3_reset(_statement);
        SqliteException.ThrowExceptionForRC(rc, _database);
    }

    private void Check(int rc)
    {
        if (rc != Ok)
        {
            SqliteException.ThrowExceptionForRC(rc, _database);
        }
    }

    private int Index(string name)
    {
        if (!_indexes.TryGetValue(name, out var index))
        {
            index = raw.sqlite3_bind_parameter_index(_statement, name);
            if (index == 0)
            {
                throw new InvalidOperationException($"The statement has no parameter '{name}'.");
            }

            _indexes[name] = index;
        }

        return index;
    }
}
