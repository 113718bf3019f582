using Microsoft.Extensions.Logging;

namespace Omnichannel.Storage.Sqlite.Internal;

/// <summary>The adapter's log messages (source-generated).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "SQLite database {Database}: applied migration {Version} ({Name}).")]
    public static partial void MigrationApplied(ILogger logger, string database, int version, string name);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Debug, Message = "SQLite database {Database}: schema is at version {Version}, up to date.")]
    public static partial void SchemaUpToDate(ILogger logger, string database, int version);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Warning, Message = "SQLite database {Database}: WAL journal mode is not available (journal mode is '{Mode}'); reads will wait for writes.")]
    public static partial void WalUnavailable(ILogger logger, string database, string mode);

    [LoggerMessage(EventId = 5701, Level = LogLevel.Warning, Message = "SQLite database {Database}: the background WAL checkpoint failed; the next one retries, and the writer checkpoints by itself should the WAL keep growing.")]
    public static partial void CheckpointFailed(ILogger logger, string database, Exception exception);
}
