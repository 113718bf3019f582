using Microsoft.Data.Sqlite;

namespace Omnichannel.Storage.Sqlite.Internal;

/// <summary>
/// One open connection with its prepared commands, kept for the life of the database so a statement is compiled
/// once per connection, not once per call.
/// </summary>
/// <remarks>Not thread-safe: a session is used by one caller at a time (the writer lock or the reader pool guarantee it).</remarks>
internal sealed class SqliteSession : IDisposable
{
    private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SqliteStatement> _statementsBySql = new(StringComparer.Ordinal);
    private readonly StatementCounter? _statements;

    /// <param name="connection">The open connection.</param>
    /// <param name="statements">Counts the statements run through <see cref="Command"/>; none when null.</param>
    public SqliteSession(SqliteConnection connection, StatementCounter? statements = null)
    {
        Connection = connection;
        _statements = statements;
    }

    public SqliteConnection Connection { get; }

    /// <summary>The cached command for <paramref name="sql"/>, with no parameters; prepared on its first execution.</summary>
    public SqliteCommand Command(string sql)
    {
        // Every statement the adapter runs goes through here, once per execution.
        _statements?.Increment();
        if (_commands.TryGetValue(sql, out var command))
        {
            command.Parameters.Clear();
            return command;
        }

        command = Connection.CreateCommand();
#pragma warning disable CA2100 // The SQL texts are the adapter's own constants; values always travel as parameters.
        command.CommandText = sql;
#pragma warning restore CA2100
        _commands[sql] = command;
        return command;
    }

    public int Execute(string sql) => Command(sql).ExecuteNonQuery();

    /// <summary>
    /// The cached <see cref="SqliteStatement"/> for <paramref name="sql"/> (prepared on first use), reset with no values
    /// bound: for the writer's hot statements, which bind in place (see <see cref="SqliteStatement"/>).
    /// </summary>
    public SqliteStatement Statement(string sql)
    {
        _statements?.Increment();
        if (!_statementsBySql.TryGetValue(sql, out var statement))
        {
            statement = new SqliteStatement(Connection.Handle ?? throw new InvalidOperationException("The connection is not open."), sql);
            _statementsBySql[sql] = statement;
            return statement;
        }

        return statement.Start();
    }

    public void Dispose()
    {
        foreach (var statement in _statementsBySql.Values)
        {
            statement.Dispose();
        }

        _statementsBySql.Clear();
        foreach (var command in _commands.Values)
        {
            command.Dispose();
        }

        _commands.Clear();
        Connection.Dispose();
    }
}
