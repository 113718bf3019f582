using Omnichannel.Workspace.Calls;

namespace Omnichannel.Storage.Sqlite.Stores;

/// <summary>The current (or last) call of each conversation, in the <c>calls</c> table.</summary>
/// <remarks>Thread-safe.</remarks>
internal sealed class SqliteCallStore(SqliteOmnichannelDatabase database)
    : SqliteVersionedStore<ConversationId, ConversationCall>(database, "calls", "conversation_id", "call of conversation"), ICallStore
{
    protected override string IdText(ConversationId id) => id.Value;

    protected override ConversationId IdOf(ConversationCall entity) => entity.ConversationId;
}
