using Omnichannel.Contacts;
using Omnichannel.Storage;
using static Omnichannel.Testing.Conformance.ConformanceData;

namespace Omnichannel.Testing.Conformance;

/// <summary>
/// The conformance tests every <see cref="IContactStore"/> passes (those of every versioned store). An adapter's
/// test project inherits this class and implements <see cref="CreateStoreAsync"/>.
/// </summary>
/// <remarks>
/// xunit creates one instance per test, so instances are not shared between threads; the tests themselves call
/// the store from many threads at once.
/// </remarks>
public abstract class ContactStoreConformanceTests : VersionedStoreConformanceTests<ContactId, Contact>
{
    /// <summary>Creates a fresh, empty store for one test.</summary>
    /// <returns>The store.</returns>
    protected abstract ValueTask<IContactStore> CreateStoreAsync();

    private protected sealed override async ValueTask<IVersionedStore<ContactId, Contact>> CreateVersionedStoreAsync() => await CreateStoreAsync();

    private protected sealed override Contact NewEntity(string id) => NewContact(id);

    private protected sealed override Contact Enrich(Contact entity) => ConformanceData.Enrich(entity);

    private protected sealed override ContactId IdOf(Contact entity) => entity.Id;
}
