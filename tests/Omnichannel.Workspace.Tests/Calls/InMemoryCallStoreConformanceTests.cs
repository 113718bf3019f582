using Omnichannel.Testing.Conformance;
using Omnichannel.Workspace.Calls;

namespace Omnichannel.Workspace.Tests.Calls;

/// <summary>The in-memory default passes the call store conformance kit.</summary>
public sealed class InMemoryCallStoreConformanceTests : CallStoreConformanceTests
{
    protected override ValueTask<ICallStore> CreateStoreAsync() => ValueTask.FromResult<ICallStore>(new InMemoryCallStore());
}
