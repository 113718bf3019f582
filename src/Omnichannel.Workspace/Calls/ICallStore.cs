using Omnichannel.Storage;

namespace Omnichannel.Workspace.Calls;

/// <summary>
/// Stores each conversation's latest call, keyed by conversation. The version check of
/// <see cref="IVersionedStore{TId, TEntity}.SaveAsync"/> makes starting a call atomic: of two agents starting one at
/// once, one wins.
/// </summary>
/// <remarks>Implementations must be thread-safe, and atomic per call even across processes sharing the store.</remarks>
public interface ICallStore : IVersionedStore<ConversationId, ConversationCall>;
