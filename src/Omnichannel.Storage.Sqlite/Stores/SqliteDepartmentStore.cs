using Omnichannel.Departments;

namespace Omnichannel.Storage.Sqlite.Stores;

/// <summary>Departments in the <c>departments</c> table.</summary>
/// <remarks>Thread-safe.</remarks>
internal sealed class SqliteDepartmentStore(SqliteOmnichannelDatabase database)
    : SqliteVersionedStore<DepartmentId, Department>(database, "departments", "id", "department"), IDepartmentStore
{
    /// <inheritdoc />
    public ValueTask<IReadOnlyList<Department>> ListAsync(CancellationToken cancellationToken) =>
        Database.ReadAsync(0, static (session, _) =>
        {
            var all = ReadAll(session.Command("SELECT data FROM departments"));
            // Ordinal order of the .NET strings (UTF-16), which SQLite's byte order does not always match.
            all.Sort(static (x, y) => string.CompareOrdinal(x.Id.Value, y.Id.Value));
            return (IReadOnlyList<Department>)all;
        }, cancellationToken);

    /// <inheritdoc />
    public ValueTask<bool> DeleteAsync(DepartmentId id, long version, CancellationToken cancellationToken) => DeleteRowAsync(id, version, cancellationToken);

    protected override string IdText(DepartmentId id) => id.Value;

    protected override DepartmentId IdOf(Department entity) => entity.Id;
}
