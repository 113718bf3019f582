using Microsoft.Extensions.Options;
using Omnichannel.Departments;
using Omnichannel.DependencyInjection;
using Omnichannel.Operations;
using Omnichannel.Storage;
using Omnichannel.Validation;

namespace Omnichannel.Tags;

/// <summary>Validates tags when they are saved.</summary>
/// <remarks>Thread-safe: it keeps no state between calls.</remarks>
internal sealed class TagService(ITagStore tags, IDepartmentStore departments, IOptions<OmnichannelOptions> options) : ITagService
{
    private readonly OmnichannelOptions _options = options.Value;

    public async ValueTask<OperationResult<Tag>> SaveAsync(Tag tag, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tag);
        Require.Id(tag.Id);
        if (TextRules.Problem(tag.Id.Value, "tag id", _options.MaxIdLength, "OmnichannelOptions.MaxIdLength", singleLine: true) is { } badId)
        {
            return OperationResult<Tag>.Failure(OperationErrorCode.InvalidArgument, badId);
        }

        if (TextRules.Problem(tag.Name, "tag", _options.MaxTagLength, "OmnichannelOptions.MaxTagLength", singleLine: true) is { } badName)
        {
            return OperationResult<Tag>.Failure(OperationErrorCode.InvalidArgument, $"Tag '{tag.Id}': {badName}");
        }

        if (tag.Description is not null && TextRules.Problem(tag.Description, "tag description", _options.MaxCommentLength, "OmnichannelOptions.MaxCommentLength", singleLine: false, allowEmpty: true) is { } badDescription)
        {
            return OperationResult<Tag>.Failure(OperationErrorCode.InvalidArgument, $"Tag '{tag.Id}': {badDescription}");
        }

        if (tag.Departments is null || tag.Departments.Count > _options.MaxListLength)
        {
            return OperationResult<Tag>.Failure(OperationErrorCode.InvalidArgument, $"Tag '{tag.Id}' names more than {_options.MaxListLength} departments. The limit is OmnichannelOptions.MaxListLength.");
        }

        foreach (var department in tag.Departments)
        {
            if (department == default || await departments.GetAsync(department, cancellationToken).ConfigureAwait(false) is null)
            {
                return OperationResult<Tag>.Failure(OperationErrorCode.InvalidArgument, $"Tag '{tag.Id}' is offered to department '{department}', which does not exist.");
            }
        }

        var name = tag.Name.Trim();
        var clash = (await tags.ListAsync(cancellationToken).ConfigureAwait(false)).FirstOrDefault(other => other.Id != tag.Id
            && string.Equals(other.Name, name, StringComparison.OrdinalIgnoreCase)
            && (other.IsGlobal || tag.Departments.IsEmpty || other.Departments.Overlaps(tag.Departments)));
        if (clash is not null)
        {
            return OperationResult<Tag>.Failure(OperationErrorCode.InvalidArgument, $"Tag '{tag.Id}' is named '{name}' like tag '{clash.Id}', offered to the same departments; a department offers each name once.");
        }

        try
        {
            return OperationResult<Tag>.Ok(await tags.SaveAsync(tag with { Name = name }, cancellationToken).ConfigureAwait(false));
        }
        catch (ConcurrencyConflictException exception)
        {
            return OperationResult<Tag>.Failure(OperationErrorCode.Conflict, $"Tag '{tag.Id}' was not saved: {exception.Message} Read it again and retry.");
        }
    }

    public ValueTask<Tag?> GetAsync(TagId id, CancellationToken cancellationToken = default)
    {
        Require.Id(id);
        return tags.GetAsync(id, cancellationToken);
    }

    public async ValueTask<IReadOnlyList<Tag>> ListAsync(DepartmentId? department = null, CancellationToken cancellationToken = default)
    {
        Require.Id(department);
        return await OfferedAsync(tags, department, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The tags offered to <paramref name="department"/> (all when null), ordered by name then id.</summary>
    internal static async ValueTask<IReadOnlyList<Tag>> OfferedAsync(ITagStore store, DepartmentId? department, CancellationToken cancellationToken)
    {
        var all = await store.ListAsync(cancellationToken).ConfigureAwait(false);
        return [.. all.Where(t => department is not { } d || t.IsOfferedTo(d))
            .OrderBy(t => t.Name, StringComparer.OrdinalIgnoreCase).ThenBy(t => t.Id.Value, StringComparer.Ordinal)];
    }
}
