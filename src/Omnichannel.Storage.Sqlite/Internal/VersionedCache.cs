using System.Collections.Concurrent;

namespace Omnichannel.Storage.Sqlite.Internal;

/// <summary>
/// Entities this process has read or written, each with the version it was stored at, so a read by id whose row is
/// still at that version skips parsing the JSON: the read always asks the database for the row's current version
/// (<c>CASE WHEN version = $known THEN NULL ELSE data END</c>), so a change by another process is never missed, and
/// only the parse, which is most of a point read's cost, is saved. Entities are immutable, so sharing them is safe.
/// </summary>
/// <remarks>
/// Thread-safe. Bounded: past <see cref="Capacity"/> entries it is cleared (a cache miss costs one parse), so memory
/// stays flat however many ids a long-running process touches. Only committed writes enter it.
/// </remarks>
/// <typeparam name="T">The entity type.</typeparam>
internal sealed class VersionedCache<T>
    where T : class
{
    /// <summary>The most entries kept.</summary>
    public const int Capacity = 4096;

    private readonly ConcurrentDictionary<string, (long Version, T Entity)> _entries = new(StringComparer.Ordinal);

    /// <summary>The version cached for <paramref name="id"/>, or 0 (no stored row has version 0) when none is.</summary>
    public long KnownVersion(string id) => _entries.TryGetValue(id, out var entry) ? entry.Version : 0;

    /// <summary>The cached entity of <paramref name="id"/> at exactly <paramref name="version"/>, or null.</summary>
    public T? At(string id, long version) =>
        _entries.TryGetValue(id, out var entry) && entry.Version == version ? entry.Entity : null;

    /// <summary>Remembers <paramref name="entity"/> as stored at <paramref name="version"/> (read, or written and committed).</summary>
    public void Remember(string id, long version, T entity)
    {
        if (_entries.Count >= Capacity && !_entries.ContainsKey(id))
        {
            _entries.Clear();
        }

        _entries[id] = (version, entity);
    }

    /// <summary>Forgets <paramref name="id"/> (its write failed after the statement ran, or its row is gone).</summary>
    public void Forget(string id) => _entries.TryRemove(id, out _);
}
