using Microsoft.Data.Sqlite;

namespace Omnichannel.Storage.Sqlite.Internal;

/// <summary>Recognizes the SQLite errors the stores turn into the ports' exceptions.</summary>
/// <remarks>Stateless and thread-safe.</remarks>
internal static class SqliteErrors
{
    private const int Constraint = 19;
    private const int ConstraintUnique = 2067;
    private const int ConstraintPrimaryKey = 1555;

    /// <summary>True when a UNIQUE or PRIMARY KEY constraint refused the statement.</summary>
    public static bool IsUniqueViolation(SqliteException exception) =>
        exception.SqliteErrorCode == Constraint
        && exception.SqliteExtendedErrorCode is ConstraintUnique or ConstraintPrimaryKey;
}
