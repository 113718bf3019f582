using System.Collections.Concurrent;

namespace Omnichannel.Storage.Shared;

/// <summary>
/// Entities this process has read or written, each with the version it was stored at. SQLite uses it to skip parsing:
/// a read by id asks the database for the row's current version (<c>CASE WHEN version = $known THEN NULL ELSE data END</c>)
/// and parses only a changed row. PostgreSQL uses it to answer the reads a conversation change is decided from
/// (<c>GetForChangeAsync</c>) without a round trip, since the change's write checks every version it was decided from.
/// Entities are immutable, so sharing them is safe.
/// </summary>
/// <remarks>
/// Thread-safe. Bounded: past its capacity it is cleared (a cache miss costs one parse), so memory
/// stays flat however many ids a long-running process touches. Only committed writes enter it.
/// </remarks>
/// <typeparam name="T">The entity type.</typeparam>
internal sealed class VersionedCache<T>
    where T : class
{
    private readonly ConcurrentDictionary<string, (long Version, T Entity)> _entries = new(StringComparer.Ordinal);
    private readonly int _capacity;

    // The entries added since the last clear, counted here because ConcurrentDictionary.Count takes every one of the
    // dictionary's locks (a profile of the SQLite lifecycle found that count at 9% of its CPU). Approximate under races
    // with a clear, which only moves the next clear a little: the bound stays.
    private int _added;

    /// <param name="capacity">The most entries kept.</param>
    public VersionedCache(int capacity = 4096)
    {
        _capacity = capacity;
    }

    /// <summary>The entity last remembered for <paramref name="id"/>, whatever its version, or null.</summary>
    public T? Latest(string id) => _entries.TryGetValue(id, out var entry) ? entry.Entity : null;

    /// <summary>The version cached for <paramref name="id"/>, or 0 (no stored row has version 0) when none is.</summary>
    public long KnownVersion(string id) => _entries.TryGetValue(id, out var entry) ? entry.Version : 0;

    /// <summary>The cached entity of <paramref name="id"/> at exactly <paramref name="version"/>, or null.</summary>
    public T? At(string id, long version) =>
        _entries.TryGetValue(id, out var entry) && entry.Version == version ? entry.Entity : null;

    /// <summary>Remembers <paramref name="entity"/> as stored at <paramref name="version"/> (read, or written and committed).</summary>
    public void Remember(string id, long version, T entity)
    {
        var added = (Version: version, Entity: entity);
        while (true)
        {
            if (_entries.TryGetValue(id, out var known))
            {
                // A query's older copy never replaces a newer one this process wrote meanwhile.
                if (version < known.Version || _entries.TryUpdate(id, added, known))
                {
                    return;
                }

                continue;
            }

            if (Volatile.Read(ref _added) >= _capacity)
            {
                Interlocked.Exchange(ref _added, 0);
                _entries.Clear();
            }

            if (_entries.TryAdd(id, added))
            {
                Interlocked.Increment(ref _added);
                return;
            }
        }
    }

    /// <summary>Forgets <paramref name="id"/> (its write failed after the statement ran, or its row is gone).</summary>
    public void Forget(string id)
    {
        if (_entries.TryRemove(id, out _))
        {
            Interlocked.Decrement(ref _added);
        }
    }
}
