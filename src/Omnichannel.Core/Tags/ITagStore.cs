using Omnichannel.Storage;

namespace Omnichannel.Tags;

/// <summary>Stores managed tags. The storage adapters implement it; the conformance kit (<c>TagStoreConformanceTests</c>) proves one.</summary>
/// <remarks>Implementations must be thread-safe.</remarks>
public interface ITagStore : IVersionedStore<TagId, Tag>
{
    /// <summary>Lists every tag, ordered by id (ordinal).</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>All tags.</returns>
    ValueTask<IReadOnlyList<Tag>> ListAsync(CancellationToken cancellationToken);
}
