using Omnichannel.Departments;
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
}
