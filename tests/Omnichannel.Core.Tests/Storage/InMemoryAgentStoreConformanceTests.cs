using Omnichannel.Agents;
using Omnichannel.Storage;
using Omnichannel.Testing.Conformance;

namespace Omnichannel.Core.Tests.Storage;

/// <summary>The agent-store conformance kit against the in-memory default.</summary>
public sealed class InMemoryAgentStoreConformanceTests : AgentStoreConformanceTests
{
    protected override ValueTask<IAgentStore> CreateStoreAsync() => ValueTask.FromResult<IAgentStore>(new InMemoryAgentStore());
}
