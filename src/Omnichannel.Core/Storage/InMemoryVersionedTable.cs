namespace Omnichannel.Storage;

/// <summary>A dictionary of versioned entities guarded by one lock: the shared core of the in-memory stores.</summary>
/// <remarks>Thread-safe.</remarks>
internal sealed class InMemoryVersionedTable<TId, TEntity>(string entityName, Func<TEntity, TId> idOf)
    where TId : notnull
    where TEntity : class, IVersioned<TEntity>
{
    private readonly Dictionary<TId, TEntity> _rows = [];

    public Lock Sync { get; } = new();

    public TEntity? Get(TId id)
    {
        lock (Sync)
        {
            return _rows.GetValueOrDefault(id);
        }
    }

    /// <summary>
    /// Checks the version, then <paramref name="check"/> (a store's own rule, which throws to refuse), and writes; the
    /// caller may run <paramref name="onWritten"/> under the same lock to keep indexes.
    /// </summary>
    public TEntity Save(TEntity entity, Action<TEntity?, TEntity>? onWritten = null, Action<TEntity>? check = null)
    {
        ArgumentNullException.ThrowIfNull(entity);
        // default(AgentId) and the like name nothing, as the entity's own id (which would index it under a null key) or
        // anywhere in it (an optional manager, a fallback department): the SQL stores cannot keep one, so no store does.
        DefaultIdentifiers.Refuse(entity, nameof(entity));
        var id = idOf(entity);

        lock (Sync)
        {
            var current = _rows.GetValueOrDefault(id);
            var currentVersion = current?.Version ?? 0;
            if (currentVersion != entity.Version)
            {
                throw new ConcurrencyConflictException($"{entityName} '{id}'", entity.Version, currentVersion);
            }

            check?.Invoke(entity);
            var stored = entity.WithVersion(currentVersion + 1);
            _rows[id] = stored;
            onWritten?.Invoke(current, stored);
            return stored;
        }
    }

    /// <summary>Removes the entity at <paramref name="version"/>; false when there is none.</summary>
    /// <exception cref="ConcurrencyConflictException">The stored version differs.</exception>
    public bool Delete(TId id, long version)
    {
        lock (Sync)
        {
            if (_rows.GetValueOrDefault(id) is not { } current)
            {
                return false;
            }

            if (current.Version != version)
            {
                throw new ConcurrencyConflictException($"{entityName} '{id}'", version, current.Version);
            }

            return _rows.Remove(id);
        }
    }

    public List<TEntity> Where(Func<TEntity, bool> predicate)
    {
        lock (Sync)
        {
            return _rows.Values.Where(predicate).ToList();
        }
    }

    /// <summary>The entity with <paramref name="id"/>; the caller holds <see cref="Sync"/>.</summary>
    public TEntity? GetUnlocked(TId id) => _rows.GetValueOrDefault(id);

    /// <summary>Every entity; the caller holds <see cref="Sync"/>.</summary>
    public IEnumerable<TEntity> AllUnlocked() => _rows.Values;
}
