using Microsoft.Data.Sqlite;

namespace Omnichannel.Storage.Sqlite.Internal;

/// <summary>Terse parameter binding and column reading for the stores' hand-written SQL.</summary>
/// <remarks>Stateless and thread-safe (the commands and readers themselves are not).</remarks>
internal static class SqliteCommandExtensions
{
    public static SqliteCommand With(this SqliteCommand command, string name, object? value)
    {
        command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command;
    }

    public static string? GetNullableString(this SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static long? GetNullableInt64(this SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetInt64(ordinal);

    /// <summary>The first column of the first row as a long, or null when there is no row.</summary>
    public static long? ExecuteInt64OrNull(this SqliteCommand command)
    {
        var value = command.ExecuteScalar();
        return value is null or DBNull ? null : Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture);
    }
}
