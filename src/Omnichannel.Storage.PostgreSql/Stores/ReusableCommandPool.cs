using Npgsql;

namespace Omnichannel.Storage.PostgreSql.Stores;

/// <summary>
/// Idle <see cref="ReusableCommand"/>s per statement. A call rents one (or gets a new one when none is idle), and
/// returns it when it succeeded; at most <see cref="MaxIdlePerShape"/> wait per statement, more are dropped, so the pool
/// holds about as many commands as calls ran at once.
/// </summary>
/// <remarks>Thread-safe: each statement's idle commands are behind their own lock, held for a push or a pop.</remarks>
internal sealed class ReusableCommandPool
{
    /// <summary>Idle commands kept per statement; more than the connections a process usually writes on at once.</summary>
    internal const int MaxIdlePerShape = 32;

    private readonly NpgsqlDataSource _source;
    private readonly string[] _sql;
    private readonly Stack<ReusableCommand>[] _idle;

    /// <param name="source">Where the commands' connections come from.</param>
    /// <param name="sql">The statement of each shape (index); an empty text is a shape that does not exist.</param>
    public ReusableCommandPool(NpgsqlDataSource source, string[] sql)
    {
        _source = source;
        _sql = sql;
        _idle = new Stack<ReusableCommand>[sql.Length];
        for (var i = 0; i < _idle.Length; i++)
        {
            _idle[i] = new Stack<ReusableCommand>(4);
        }
    }

    /// <summary>An idle command of <paramref name="shape"/>'s statement, or a new one; <see cref="ReusableCommand.Begin"/> already called.</summary>
    public ReusableCommand Rent(int shape)
    {
        var idle = _idle[shape];
        ReusableCommand? command;
        lock (idle)
        {
            idle.TryPop(out command);
        }

        command ??= new ReusableCommand(_source, _sql[shape], shape);
        command.Begin();
        return command;
    }

    /// <summary>Gives back a command whose call succeeded (disposed when enough wait already).</summary>
    public void Return(ReusableCommand command)
    {
        var idle = _idle[command.Shape];
        lock (idle)
        {
            if (idle.Count < MaxIdlePerShape)
            {
                idle.Push(command);
                return;
            }
        }

        command.Dispose();
    }

    /// <summary>How many commands of <paramref name="shape"/> wait idle (for tests).</summary>
    internal int IdleCount(int shape)
    {
        var idle = _idle[shape];
        lock (idle)
        {
            return idle.Count;
        }
    }
}
