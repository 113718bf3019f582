using Omnichannel.Conversations;
using Omnichannel.Testing.Conformance;

namespace Omnichannel.Core.Tests.Storage;

/// <summary>The whole conversation-store conformance kit, model-based layer included, against the in-memory default.</summary>
public sealed class InMemoryConversationStoreConformanceTests : ConversationStoreConformanceTests
{
    protected override ValueTask<ConversationStorage> CreateStorageAsync() =>
        ValueTask.FromResult(ConversationStorage.Shared(new InMemoryConversationStore()));
}
