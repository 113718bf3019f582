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

    /// <summary>A contact is found by any of its channels, ignoring letter case; an unknown channel finds nobody.</summary>
    /// <returns>A task that completes when the test ends.</returns>
    [Fact]
    public async Task A_contact_is_found_by_any_of_its_channels_ignoring_case()
    {
        var store = await CreateStoreAsync();
        await store.SaveAsync(NewContact("k-1") with
        {
            Channels = [new ContactChannel(ContactChannelTypes.Email, "carla@example.com"), new ContactChannel(ContactChannelTypes.Phone, "+5511912345678") { Blocked = true }],
        }, CancellationToken.None);
        await store.SaveAsync(NewContact("k-2", "Dan") with { Channels = [new ContactChannel(ContactChannelTypes.Widget, "token-2")] }, CancellationToken.None);

        Assert.Equal("k-1", (await store.FindByChannelAsync("EMAIL", "Carla@Example.com", CancellationToken.None))?.Id.Value);
        Assert.Equal("k-1", (await store.FindByChannelAsync(ContactChannelTypes.Phone, "+5511912345678", CancellationToken.None))?.Id.Value);
        Assert.Equal("k-2", (await store.FindByChannelAsync(ContactChannelTypes.Widget, "token-2", CancellationToken.None))?.Id.Value);
        Assert.Null(await store.FindByChannelAsync(ContactChannelTypes.Widget, "carla@example.com", CancellationToken.None));
    }

    /// <summary>A channel removed by an update no longer finds the contact; one added does.</summary>
    /// <returns>A task that completes when the test ends.</returns>
    [Fact]
    public async Task Updating_a_contact_moves_its_channel_and_search_keys()
    {
        var store = await CreateStoreAsync();
        var stored = await store.SaveAsync(NewContact("k-1", "Carla Souza") with { Channels = [new ContactChannel(ContactChannelTypes.Widget, "old")] }, CancellationToken.None);

        await store.SaveAsync(stored with { Name = "Beatriz Lima", Channels = [new ContactChannel(ContactChannelTypes.Widget, "new")] }, CancellationToken.None);

        Assert.Null(await store.FindByChannelAsync(ContactChannelTypes.Widget, "old", CancellationToken.None));
        Assert.Equal("k-1", (await store.FindByChannelAsync(ContactChannelTypes.Widget, "new", CancellationToken.None))?.Id.Value);
        Assert.Empty((await store.SearchAsync(new ContactSearchQuery { Text = "carla" }, CancellationToken.None)).Contacts);
        Assert.Equal(["k-1"], (await store.SearchAsync(new ContactSearchQuery { Text = "lima" }, CancellationToken.None)).Contacts.Select(c => c.Id.Value));
    }

    /// <summary>A search finds contacts by a prefix of the name or of any word of it, of an email address, or of a phone number's digits, ignoring case.</summary>
    /// <returns>A task that completes when the test ends.</returns>
    [Fact]
    public async Task Search_finds_contacts_by_name_email_or_phone()
    {
        var store = await CreateStoreAsync();
        await store.SaveAsync(NewContact("k-1", "Carla Souza") with { Emails = ["carla@example.com"], Phones = ["+55 (11) 91234-5678"] }, CancellationToken.None);
        await store.SaveAsync(NewContact("k-2", "Dan Brown") with { Emails = ["dan@example.org"], Phones = ["+1 555 010 2030"] }, CancellationToken.None);
        await store.SaveAsync(NewContact("k-3", "Élodie Carlier"), CancellationToken.None);

        async Task<string[]> Ids(string text) => [.. (await store.SearchAsync(new ContactSearchQuery { Text = text }, CancellationToken.None)).Contacts.Select(c => c.Id.Value)];

        Assert.Equal(["k-1", "k-3"], await Ids("carl"));
        Assert.Equal(["k-1"], await Ids("SOUZA"));
        Assert.Equal(["k-3"], await Ids("élodie"));
        Assert.Equal(["k-2"], await Ids("dan@EXAMPLE"));
        Assert.Equal(["k-1"], await Ids("+55 11 9123"));
        Assert.Equal(["k-2"], await Ids("1555"));
        Assert.Empty(await Ids("zzz"));
        Assert.Empty(await Ids("%"));
        Assert.Empty(await Ids("_"));
    }

    /// <summary>Pages follow name order then id, each page at most the limit, with whether more follow; no text lists every contact.</summary>
    /// <returns>A task that completes when the test ends.</returns>
    [Fact]
    public async Task Search_pages_in_name_order()
    {
        var store = await CreateStoreAsync();
        string[] names = ["Zoe Adams", "anna Smith", "Bruno Costa", "Anna Smith", "Carla Dias"];
        for (var i = 0; i < names.Length; i++)
        {
            await store.SaveAsync(NewContact($"k-{i}", names[i]), CancellationToken.None);
        }

        var first = await store.SearchAsync(new ContactSearchQuery { Limit = 2 }, CancellationToken.None);
        var second = await store.SearchAsync(new ContactSearchQuery { Offset = 2, Limit = 2 }, CancellationToken.None);
        var last = await store.SearchAsync(new ContactSearchQuery { Offset = 4, Limit = 2 }, CancellationToken.None);

        Assert.Equal(["k-1", "k-3"], first.Contacts.Select(c => c.Id.Value));
        Assert.True(first.HasMore);
        Assert.Equal(["k-2", "k-4"], second.Contacts.Select(c => c.Id.Value));
        Assert.True(second.HasMore);
        Assert.Equal(["k-0"], last.Contacts.Select(c => c.Id.Value));
        Assert.False(last.HasMore);

        var annas = await store.SearchAsync(new ContactSearchQuery { Text = "ANNA", Limit = 1 }, CancellationToken.None);
        Assert.Equal(["k-1"], annas.Contacts.Select(c => c.Id.Value));
        Assert.True(annas.HasMore);
    }

    /// <summary>Search keys with characters beyond the Basic Multilingual Plane and at the top of it are ranged correctly.</summary>
    /// <returns>A task that completes when the test ends.</returns>
    [Fact]
    public async Task Search_handles_characters_outside_the_basic_plane()
    {
        var store = await CreateStoreAsync();
        await store.SaveAsync(NewContact("k-1", "😀 Smile"), CancellationToken.None);
        await store.SaveAsync(NewContact("k-2", "\uFFFD Replacement"), CancellationToken.None);
        await store.SaveAsync(NewContact("k-3", "😀😀 Double"), CancellationToken.None);

        var smiles = await store.SearchAsync(new ContactSearchQuery { Text = "😀" }, CancellationToken.None);
        var all = await store.SearchAsync(new ContactSearchQuery(), CancellationToken.None);

        Assert.Equal(["k-1", "k-3"], smiles.Contacts.Select(c => c.Id.Value));
        Assert.Equal(["k-2", "k-1", "k-3"], all.Contacts.Select(c => c.Id.Value));
    }

    private protected sealed override async ValueTask<IVersionedStore<ContactId, Contact>> CreateVersionedStoreAsync() => await CreateStoreAsync();

    private protected sealed override Contact NewEntity(string id) => NewContact(id);

    private protected sealed override Contact Enrich(Contact entity) => ConformanceData.Enrich(entity);

    private protected sealed override IEnumerable<(string Property, Contact Entity)> WithDefaultIdentifiers(Contact entity) => [
        ("Contact.Id", entity with { Id = default }),
        ("Contact.ManagerId", entity with { ManagerId = default(AgentId) }),
    ];

    private protected sealed override ContactId IdOf(Contact entity) => entity.Id;
}
