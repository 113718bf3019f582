using Omnichannel.Departments;

namespace Omnichannel.Storage.PostgreSql.Stores;

/// <summary>Departments in the <c>departments</c> table.</summary>
/// <remarks>Thread-safe; every call is one statement (a refused write adds one read).</remarks>
internal sealed class PostgreSqlDepartmentStore(PostgreSqlOmnichannelDatabase database) : IDepartmentStore
{
    private readonly PostgreSqlOmnichannelDatabase _database = database;
    private readonly VersionedTable<Department> _table = new(database, "departments", "id", "department", static d => d.Id.Value, cache: database.DepartmentCache);

    public ValueTask<Department?> GetAsync(DepartmentId id, CancellationToken cancellationToken) => _table.GetAsync(id.Value, cancellationToken);

    public ValueTask<Department?> GetForChangeAsync(DepartmentId id, CancellationToken cancellationToken) => _table.GetForChangeAsync(id.Value, cancellationToken);

    public ValueTask<Department> SaveAsync(Department entity, CancellationToken cancellationToken) => _table.SaveAsync(entity, cancellationToken);

    public ValueTask<bool> DeleteAsync(DepartmentId id, long version, CancellationToken cancellationToken) => _table.DeleteAsync(id.Value, version, cancellationToken);

    public async ValueTask<IReadOnlyList<Department>> ListAsync(CancellationToken cancellationToken)
    {
        // The id column is COLLATE "C": ordinal order.
        await using var command = await _database.CommandAsync("SELECT version, data FROM departments ORDER BY id", cancellationToken).ConfigureAwait(false);
        var all = await VersionedTable<Department>.ListAsync(command, cancellationToken).ConfigureAwait(false);
        _table.Remember(all);
        return all;
    }
}
