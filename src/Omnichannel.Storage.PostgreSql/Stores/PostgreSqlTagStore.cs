using Omnichannel.Tags;

namespace Omnichannel.Storage.PostgreSql.Stores;

/// <summary>Managed tags in the <c>tags</c> table.</summary>
/// <remarks>Thread-safe; every call is one statement (a refused write adds one read).</remarks>
internal sealed class PostgreSqlTagStore(PostgreSqlOmnichannelDatabase database) : ITagStore
{
    private readonly PostgreSqlOmnichannelDatabase _database = database;
    private readonly VersionedTable<Tag> _table = new(database, "tags", "id", "tag", static t => t.Id.Value);

    public ValueTask<Tag?> GetAsync(TagId id, CancellationToken cancellationToken) => _table.GetAsync(id.Value, cancellationToken);

    public ValueTask<Tag> SaveAsync(Tag entity, CancellationToken cancellationToken) => _table.SaveAsync(entity, cancellationToken);

    public async ValueTask<IReadOnlyList<Tag>> ListAsync(CancellationToken cancellationToken)
    {
        // The id column is COLLATE "C": ordinal order.
        await using var command = await _database.CommandAsync("SELECT version, data FROM tags ORDER BY id", cancellationToken).ConfigureAwait(false);
        return await VersionedTable<Tag>.ListAsync(command, cancellationToken).ConfigureAwait(false);
    }
}
