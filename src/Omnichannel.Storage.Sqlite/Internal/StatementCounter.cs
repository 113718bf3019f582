namespace Omnichannel.Storage.Sqlite.Internal;

/// <summary>
/// How many statements a database object has run (reads, writes, BEGIN and COMMIT): what the tests count to prove a
/// lifecycle step costs the statements it should, since Microsoft.Data.Sqlite publishes no metrics of its own.
/// </summary>
/// <remarks>Thread-safe.</remarks>
internal sealed class StatementCounter
{
    private long _count;

    /// <summary>The statements run so far.</summary>
    public long Count => Interlocked.Read(ref _count);

    /// <summary>Counts one statement.</summary>
    public void Increment() => Interlocked.Increment(ref _count);
}
