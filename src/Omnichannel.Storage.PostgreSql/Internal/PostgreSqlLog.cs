using Microsoft.Extensions.Logging;

namespace Omnichannel.Storage.PostgreSql.Internal;

/// <summary>The PostgreSQL adapter's log messages (event ids 6001-6099).</summary>
internal static partial class PostgreSqlLog
{
    [LoggerMessage(6001, LogLevel.Information, "Migrated the Omnichannel database {Database} from schema version {From} to {To}.")]
    public static partial void Migrated(this ILogger logger, string database, int from, int to);

    [LoggerMessage(6002, LogLevel.Debug, "The Omnichannel database {Database} is at schema version {Version}; nothing to migrate.")]
    public static partial void AlreadyCurrent(this ILogger logger, string database, int version);
}
