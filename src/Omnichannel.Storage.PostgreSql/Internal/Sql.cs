using Npgsql;
using NpgsqlTypes;
using NodaTime;

namespace Omnichannel.Storage.PostgreSql.Internal;

/// <summary>Typed parameters (no boxing of values, explicit PostgreSQL types) and error classification.</summary>
/// <remarks>Stateless and thread-safe.</remarks>
internal static class Sql
{
    /// <summary>SQLSTATE 23505, unique_violation.</summary>
    public const string UniqueViolation = "23505";

    public static NpgsqlParameter Text(string? value) =>
        value is null ? new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = DBNull.Value } : new NpgsqlParameter<string>{ NpgsqlDbType = NpgsqlDbType.Text, TypedValue = value };

    public static NpgsqlParameter Jsonb(string json) => new NpgsqlParameter<string> { NpgsqlDbType = NpgsqlDbType.Jsonb, TypedValue = json };

    public static NpgsqlParameter Bigint(long value) => new NpgsqlParameter<long> { NpgsqlDbType = NpgsqlDbType.Bigint, TypedValue = value };

    public static NpgsqlParameter Integer(int value) => new NpgsqlParameter<int> { NpgsqlDbType = NpgsqlDbType.Integer, TypedValue = value };

    public static NpgsqlParameter Boolean(bool value) => new NpgsqlParameter<bool> { NpgsqlDbType = NpgsqlDbType.Boolean, TypedValue = value };

    public static NpgsqlParameter Timestamp(Instant value) => new NpgsqlParameter<DateTime> { NpgsqlDbType = NpgsqlDbType.TimestampTz, TypedValue = value.ToDateTimeUtc() };

    public static NpgsqlParameter Timestamp(Instant? value) =>
        value is { } instant ? Timestamp(instant) : new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.TimestampTz, Value = DBNull.Value };

    public static NpgsqlParameter TextArray(string[] values) => new NpgsqlParameter<string[]> { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, TypedValue = values };

    /// <summary>JSON values already encoded as UTF-8, one per element: no UTF-16 string of each on the way.</summary>
    public static NpgsqlParameter JsonbArray(byte[][] utf8Values) => new NpgsqlParameter<byte[][]> { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Jsonb, TypedValue = utf8Values };

    /// <summary>True when <paramref name="exception"/> is a unique violation of <paramref name="constraint"/>.</summary>
    public static bool IsUniqueViolation(PostgresException exception, string constraint) =>
        exception.SqlState == UniqueViolation && string.Equals(exception.ConstraintName, constraint, StringComparison.Ordinal);
}
