using Omnichannel.Calls;
using Omnichannel.Testing.Conformance;

namespace Omnichannel.Core.Tests.Calls;

/// <summary>The in-memory default passes the call store conformance kit.</summary>
public sealed class InMemoryCallStoreConformanceTests : CallStoreConformanceTests
{
    protected override ValueTask<ICallStore> CreateStoreAsync() => ValueTask.FromResult<ICallStore>(new InMemoryCallStore());
}
