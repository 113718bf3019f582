using Omnichannel.Storage.Shared;
using Omnichannel.Storage.Sqlite.Internal;

namespace Omnichannel.Storage.Sqlite.Stores;

/// <summary>
/// A read by id that parses a row's JSON only when the row changed since this process last parsed it: one statement
/// answers the row's version, and its data only when that version differs from the one <see cref="VersionedCache{T}"/>
/// holds (<c>CASE WHEN version = $known THEN NULL ELSE data END</c>).
/// </summary>
/// <remarks>Stateless and thread-safe; the session is the caller's, used by one caller at a time.</remarks>
internal static class ChangedRowRead
{
    /// <summary>The stored entity of <paramref name="id"/>, or null when there is no such row.</summary>
    /// <param name="session">The connection to read on.</param>
    /// <param name="selectChanged">The row's version and, when it is not <c>$known</c>, its data, by <c>$id</c>.</param>
    /// <param name="selectData">The row's data by <c>$id</c>: for the rare row replaced in the cache between the two looks.</param>
    /// <param name="id">The row's id.</param>
    /// <param name="cache">What this process parsed before; remembers what this read parses, forgets a row that is gone.</param>
    public static T? Read<T>(SqliteSession session, string selectChanged, string selectData, string id, VersionedCache<T> cache)
        where T : class
    {
        var row = session.Statement(selectChanged).Bind("$id", id).Bind("$known", cache.KnownVersion(id));
        try
        {
            if (!row.Read())
            {
                cache.Forget(id);
                return null;
            }

            var version = row.GetInt64(0);
            if (!row.IsNull(1))
            {
                // Parsed from the UTF-8 SQLite holds, without a string in between.
                var entity = StorageJson.Deserialize<T>(row.GetUtf8(1));
                cache.Remember(id, version, entity);
                return entity;
            }

            if (cache.At(id, version) is { } cached)
            {
                return cached;
            }
        }
        finally
        {
            row.Reset();
        }

        using var reader = session.Command(selectData).With("$id", id).ExecuteReader();
        return reader.Read() ? StorageJson.Deserialize<T>(reader.GetString(0)) : null;
    }
}
