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
}
