using Omnichannel.Storage;

namespace Omnichannel.Workspace.Calls;

/// <summary>The default call store: calls in memory, lost when the process ends.</summary>
/// <remarks>This type is thread-safe.</remarks>
public sealed class InMemoryCallStore : ICallStore
{
    private readonly InMemoryVersionedTable<ConversationId, ConversationCall> _table = new("call of conversation", static c => c.ConversationId);

    /// <inheritdoc />
    public ValueTask<ConversationCall?> GetAsync(ConversationId id, CancellationToken cancellationToken) => ValueTask.FromResult(_table.Get(id));

    /// <inheritdoc />
    public ValueTask<ConversationCall> SaveAsync(ConversationCall entity, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(_table.Save(entity));
    }
}
