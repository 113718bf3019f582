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

    /// <summary>
    /// Deletes a department (the anchor's <c>DELETE livechat/department/:_id</c>). Refused with
    /// <see cref="OperationErrorCode.NotPermitted"/> when <c>OmnichannelOptions.AllowDepartmentDeletion</c> is off, with
    /// <see cref="OperationErrorCode.NotFound"/> when it does not exist, and with <see cref="OperationErrorCode.DepartmentInUse"/>
    /// while it has open conversations (queued, taken, on hold or forwarded: close or forward them first) or while another
    /// department may forward only to it (removing it would let that one forward anywhere); the message names them and
    /// nothing is changed. Otherwise, as in the anchor: the department is disabled first (so no conversation arrives
    /// meanwhile), agents' memberships of it are removed, departments naming it as their fallback lose that fallback and
    /// those listing it among other forward targets lose it, then it is deleted and <see cref="Notifications.DepartmentDeleted"/>
    /// is published. Closed conversations keep its id as history. Unlike the anchor, open conversations are never left
    /// without a department.
    /// </summary>
    /// <param name="department">The department.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The department as it was last stored, or why it was not deleted.</returns>
    ValueTask<OperationResult<Department>> DeleteAsync(DepartmentId department, CancellationToken cancellationToken = default);
}
