using Omnichannel.Storage;

namespace Omnichannel.Departments;

/// <summary>The default department store: departments in memory, lost when the process ends.</summary>
/// <remarks>This type is thread-safe.</remarks>
public sealed class InMemoryDepartmentStore : IDepartmentStore
{
    private readonly InMemoryVersionedTable<DepartmentId, Department> _table = new("department", static d => d.Id);

    /// <inheritdoc />
    public ValueTask<Department?> GetAsync(DepartmentId id, CancellationToken cancellationToken) => ValueTask.FromResult(_table.Get(id));

    /// <inheritdoc />
    public ValueTask<Department> SaveAsync(Department entity, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(_table.Save(entity));
    }

    /// <inheritdoc />
    public ValueTask<bool> DeleteAsync(DepartmentId id, long version, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(_table.Delete(id, version));
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<Department>> ListAsync(CancellationToken cancellationToken)
    {
        var all = _table.Where(static _ => true);
        all.Sort(static (x, y) => string.CompareOrdinal(x.Id.Value, y.Id.Value));
        return ValueTask.FromResult<IReadOnlyList<Department>>(all);
    }
}
