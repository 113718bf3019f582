using Omnichannel.Storage;

namespace Omnichannel.Tags;

/// <summary>The default tag store: tags in memory, lost when the process ends.</summary>
/// <remarks>This type is thread-safe.</remarks>
public sealed class InMemoryTagStore : ITagStore
{
    private readonly InMemoryVersionedTable<TagId, Tag> _table = new("tag", static t => t.Id);

    /// <inheritdoc />
    public ValueTask<Tag?> GetAsync(TagId id, CancellationToken cancellationToken) => ValueTask.FromResult(_table.Get(id));

    /// <inheritdoc />
    public ValueTask<Tag> SaveAsync(Tag entity, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(_table.Save(entity));
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<Tag>> ListAsync(CancellationToken cancellationToken)
    {
        var all = _table.Where(static _ => true);
        all.Sort(static (x, y) => string.CompareOrdinal(x.Id.Value, y.Id.Value));
        return ValueTask.FromResult<IReadOnlyList<Tag>>(all);
    }
}
