using Omnichannel.Tags;

namespace Omnichannel.Storage.Sqlite.Stores;

/// <summary>Managed tags in the <c>tags</c> table.</summary>
/// <remarks>Thread-safe.</remarks>
internal sealed class SqliteTagStore(SqliteOmnichannelDatabase database)
    : SqliteVersionedStore<TagId, Tag>(database, "tags", "id", "tag"), ITagStore
{
    /// <inheritdoc />
    public ValueTask<IReadOnlyList<Tag>> ListAsync(CancellationToken cancellationToken) =>
        Database.ReadAsync(0, static (session, _) =>
        {
            var all = ReadAll(session.Command("SELECT data FROM tags"));
            // Ordinal order of the .NET strings (UTF-16), which SQLite's byte order does not always match.
            all.Sort(static (x, y) => string.CompareOrdinal(x.Id.Value, y.Id.Value));
            return (IReadOnlyList<Tag>)all;
        }, cancellationToken);

    protected override string IdText(TagId id) => id.Value;

    protected override TagId IdOf(Tag entity) => entity.Id;
}
