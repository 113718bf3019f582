using Omnichannel.Operations;

namespace Omnichannel.Tags;

/// <summary>Defines managed tags and answers which a department offers.</summary>
/// <remarks>Implementations are thread-safe.</remarks>
public interface ITagService
{
    /// <summary>
    /// Creates (version 0) or changes (the version read) a tag, validated: a name of one line within
    /// <c>OmnichannelOptions.MaxTagLength</c>, departments that exist, and no other tag of the same name (ignoring letter
    /// case) offered to a department this one is offered to.
    /// </summary>
    /// <param name="tag">The tag.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The stored tag, or why it was refused (<see cref="OperationErrorCode.InvalidArgument"/>, <see cref="OperationErrorCode.Conflict"/>).</returns>
    ValueTask<OperationResult<Tag>> SaveAsync(Tag tag, CancellationToken cancellationToken = default);

    /// <summary>Reads a tag.</summary>
    /// <param name="id">Its identifier.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The tag, or null.</returns>
    ValueTask<Tag?> GetAsync(TagId id, CancellationToken cancellationToken = default);

    /// <summary>The tags offered to <paramref name="department"/> (its own and the global ones), or every tag when null; ordered by name.</summary>
    /// <param name="department">The department; null for all tags.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The tags.</returns>
    ValueTask<IReadOnlyList<Tag>> ListAsync(DepartmentId? department = null, CancellationToken cancellationToken = default);
}
