using Omnichannel.Tags;
using Omnichannel.Testing.Conformance;

namespace Omnichannel.Core.Tests.Storage;

/// <summary>The tag-store conformance kit against the in-memory default.</summary>
public sealed class InMemoryTagStoreConformanceTests : TagStoreConformanceTests
{
    protected override ValueTask<ITagStore> CreateStoreAsync() => ValueTask.FromResult<ITagStore>(new InMemoryTagStore());
}
