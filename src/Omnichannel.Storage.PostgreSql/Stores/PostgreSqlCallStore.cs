using Omnichannel.Workspace.Calls;

namespace Omnichannel.Storage.PostgreSql.Stores;

/// <summary>Each conversation's latest call in the <c>calls</c> table; the version check makes starting a call atomic.</summary>
/// <remarks>Thread-safe; every call is one statement (a refused write adds one read).</remarks>
internal sealed class PostgreSqlCallStore(PostgreSqlOmnichannelDatabase database) : ICallStore
{
    private readonly VersionedTable<ConversationCall> _table = new(database, "calls", "conversation_id", "call of conversation", static c => c.ConversationId.Value);

    public ValueTask<ConversationCall?> GetAsync(ConversationId id, CancellationToken cancellationToken) => _table.GetAsync(id.Value, cancellationToken);

    public ValueTask<ConversationCall> SaveAsync(ConversationCall entity, CancellationToken cancellationToken) => _table.SaveAsync(entity, cancellationToken);
}
