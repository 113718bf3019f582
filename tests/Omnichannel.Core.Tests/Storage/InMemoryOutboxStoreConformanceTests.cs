using Omnichannel.Conversations;
using Omnichannel.Testing.Conformance;

namespace Omnichannel.Core.Tests.Storage;

/// <summary>The outbox conformance kit against the in-memory default (the conversation store is its own outbox).</summary>
public sealed class InMemoryOutboxStoreConformanceTests : OutboxStoreConformanceTests
{
    protected override ValueTask<ConversationStorage> CreateStorageAsync() =>
        ValueTask.FromResult(ConversationStorage.Shared(new InMemoryConversationStore()));
}
