using Omnichannel.Contacts;
using Omnichannel.Storage;
using Omnichannel.Testing.Conformance;

namespace Omnichannel.Core.Tests.Storage;

/// <summary>The contact-store conformance kit against the in-memory default.</summary>
public sealed class InMemoryContactStoreConformanceTests : ContactStoreConformanceTests
{
    protected override ValueTask<IContactStore> CreateStoreAsync() => ValueTask.FromResult<IContactStore>(new InMemoryContactStore());
}
