namespace Omnichannel.Storage;

/// <summary>Reads and writes one kind of versioned entity.</summary>
/// <typeparam name="TId">The identifier type.</typeparam>
/// <typeparam name="TEntity">The entity type.</typeparam>
/// <remarks>Implementations must be thread-safe: the library calls them from many threads at once.</remarks>
public interface IVersionedStore<in TId, TEntity>
    where TEntity : class, IVersioned<TEntity>
{
    /// <summary>Reads an entity.</summary>
    /// <param name="id">Its identifier.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The stored entity, or null when there is none.</returns>
    ValueTask<TEntity?> GetAsync(TId id, CancellationToken cancellationToken);

    /// <summary>
    /// Inserts (when <see cref="IVersioned{TSelf}.Version"/> is 0) or replaces (when it equals the stored version)
    /// an entity, and returns it at its new version.
    /// </summary>
    /// <param name="entity">The entity, carrying the version that was read (0 for a new one).</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The stored entity, at version <c>entity.Version + 1</c>.</returns>
    /// <exception cref="ConcurrencyConflictException">The stored version differs (or a new entity's id exists).</exception>
    ValueTask<TEntity> SaveAsync(TEntity entity, CancellationToken cancellationToken);
}
