using Omnichannel.Testing.Conformance;
using Omnichannel.Workspace.CannedResponses;

namespace Omnichannel.Workspace.Tests.CannedResponses;

/// <summary>The in-memory default passes the canned-response store conformance kit.</summary>
public sealed class InMemoryCannedResponseStoreConformanceTests : CannedResponseStoreConformanceTests
{
    protected override ValueTask<ICannedResponseStore> CreateStoreAsync() => ValueTask.FromResult<ICannedResponseStore>(new InMemoryCannedResponseStore());
}
