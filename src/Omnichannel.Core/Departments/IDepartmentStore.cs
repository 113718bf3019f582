using Omnichannel.Storage;

namespace Omnichannel.Departments;

/// <summary>Stores departments.</summary>
/// <remarks>Implementations must be thread-safe.</remarks>
public interface IDepartmentStore : IVersionedStore<DepartmentId, Department>
{
    /// <summary>Lists every department, ordered by id.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>All departments.</returns>
    ValueTask<IReadOnlyList<Department>> ListAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Reads a department to decide a conversation change (the limits of a capacity claim). A store may answer from what
    /// this process last read or wrote when its conversation store refuses a write decided from an older version of the
    /// department (<see cref="Conversations.ConversationWrite.DecidedFromDepartment"/>). The default reads the store.
    /// </summary>
    /// <param name="id">The department.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The department, or null.</returns>
    ValueTask<Department?> GetForChangeAsync(DepartmentId id, CancellationToken cancellationToken) => GetAsync(id, cancellationToken);

    /// <summary>
    /// Deletes a department at the version that was read (use <see cref="IDepartmentService.DeleteAsync"/>, which first
    /// checks that nothing depends on it). A default interface method, so adapters written before deletion existed keep
    /// compiling: it throws <see cref="NotSupportedException"/>; every adapter shipped here implements it.
    /// </summary>
    /// <param name="id">The department.</param>
    /// <param name="version">The version read; the delete is refused when the stored one differs.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>True when it was deleted; false when there was no such department.</returns>
    /// <exception cref="ConcurrencyConflictException">The stored version differs from <paramref name="version"/>.</exception>
    /// <exception cref="NotSupportedException">The store cannot delete departments.</exception>
    ValueTask<bool> DeleteAsync(DepartmentId id, long version, CancellationToken cancellationToken) =>
        throw new NotSupportedException($"{GetType().Name} cannot delete departments: implement IDepartmentStore.DeleteAsync (department '{id}' was not deleted).");
}
