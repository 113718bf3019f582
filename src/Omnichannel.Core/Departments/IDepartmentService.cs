using Omnichannel.Operations;

namespace Omnichannel.Departments;

/// <summary>Creates and changes departments, refusing contradictory settings when they are saved rather than at close.</summary>
/// <remarks>Implementations are thread-safe.</remarks>
public interface IDepartmentService
{
    /// <summary>
    /// Validates and saves a department (version 0 creates it). Refused: a department that requires tags on
    /// close but offers none; default tags it does not offer; a negative limit; an unknown or self fallback or
    /// forward target.
    /// </summary>
    /// <param name="department">The department.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The stored department.</returns>
    ValueTask<OperationResult<Department>> SaveAsync(Department department, CancellationToken cancellationToken = default);

    /// <summary>Reads a department.</summary>
    /// <param name="department">The department.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The department, or null.</returns>
    ValueTask<Department?> GetAsync(DepartmentId department, CancellationToken cancellationToken = default);
}
