using System.Globalization;
using Npgsql;

namespace Omnichannel.Storage.PostgreSql.Internal;

/// <summary>Parses connection strings and describes where they point, never repeating the password.</summary>
/// <remarks>Stateless and thread-safe.</remarks>
internal static class ConnectionStrings
{
    /// <summary>Parses and checks a connection string.</summary>
    /// <exception cref="ArgumentException">It is empty or not a valid Npgsql connection string.</exception>
    public static NpgsqlConnectionStringBuilder Parse(string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new ArgumentException(
                "The PostgreSQL connection string is empty; set PostgreSqlStorageOptions.ConnectionString (for example \"Host=localhost;Database=omnichannel;Username=omni;Password=...\").",
                nameof(connectionString));
        }

        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (Exception exception) when (exception is ArgumentException or FormatException or InvalidCastException or OverflowException)
        {
            // Npgsql's messages name the keyword or value at fault; the string itself is not repeated, it may hold a password.
            throw new ArgumentException(
                $"The PostgreSQL connection string is not valid: {exception.Message} (the connection string is not shown because it may hold a password).",
                nameof(connectionString),
                exception);
        }

        if (string.IsNullOrWhiteSpace(builder.Host))
        {
            throw new ArgumentException(
                "The PostgreSQL connection string is not valid: it names no Host (the connection string is not shown because it may hold a password).",
                nameof(connectionString));
        }

        return builder;
    }

    /// <summary>True when the connection string sets one of <paramref name="keywords"/> (letter case ignored), even to its default.</summary>
    public static bool Mentions(string connectionString, params string[] keywords)
    {
        var raw = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        return keywords.Any(raw.ContainsKey);
    }

    /// <summary>"database 'omnichannel' on db.internal:5432 as user 'omni'".</summary>
    public static string Describe(NpgsqlConnectionStringBuilder builder) =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"database '{builder.Database ?? builder.Username ?? "(default)"}' on {builder.Host}:{builder.Port}{(builder.Username is { } user ? $" as user '{user}'" : string.Empty)}");
}
