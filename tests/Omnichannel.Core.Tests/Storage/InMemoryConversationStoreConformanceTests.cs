using Omnichannel.Conversations;
using Omnichannel.Testing.Conformance;

namespace Omnichannel.Core.Tests.Storage;

/// <summary>The whole conversation-store conformance kit, model-based layer included, against the in-memory default.</summary>
public sealed class InMemoryConversationStoreConformanceTests : ConversationStoreConformanceTests
{
    protected override ValueTask<ConversationStorage> CreateStorageAsync() =>
        ValueTask.FromResult(ConversationStorage.Shared(new InMemoryConversationStore()));

    protected override ValueTask<ConversationStorage?> CreateStorageWithRetentionAsync(NodaTime.IClock clock, NodaTime.Duration outboxRetention) =>
        ValueTask.FromResult<ConversationStorage?>(ConversationStorage.Shared(new InMemoryConversationStore(clock, outboxRetention)));
}
