using Omnichannel.Storage;
using Omnichannel.Tags;
using static Omnichannel.Testing.Conformance.ConformanceData;

namespace Omnichannel.Testing.Conformance;

/// <summary>
/// The conformance tests every <see cref="ITagStore"/> passes. An adapter's test project inherits this class and
/// implements <see cref="CreateStoreAsync"/>; the inherited <c>[Fact]</c>s then run against the adapter.
/// </summary>
/// <remarks>
/// xunit creates one instance per test, so instances are not shared between threads; the tests themselves call
/// the store from many threads at once.
/// </remarks>
public abstract class TagStoreConformanceTests : VersionedStoreConformanceTests<TagId, Tag>
{
    /// <summary>Creates a fresh, empty store for one test.</summary>
    /// <returns>The store.</returns>
    protected abstract ValueTask<ITagStore> CreateStoreAsync();

    /// <summary>An empty store lists no tag.</summary>
    /// <returns>A task that completes when the test ends.</returns>
    [Fact]
    public async Task List_of_an_empty_store_is_empty()
    {
        var store = await CreateStoreAsync();
        Assert.Empty(await store.ListAsync(CancellationToken.None));
    }

    /// <summary>Every tag is listed once, at its latest version, ordered by id (ordinal), global and per-department alike.</summary>
    /// <returns>A task that completes when the test ends.</returns>
    [Fact]
    public async Task List_returns_every_tag_ordered_by_id()
    {
        var store = await CreateStoreAsync();
        foreach (var id in new[] { "t-a", "t-2", "t-B", "t-10" })
        {
            await store.SaveAsync(NewTag(id, $"tag {id}"), CancellationToken.None);
        }

        var changed = await store.SaveAsync(Enrich((await store.GetAsync(new TagId("t-2"), CancellationToken.None))!), CancellationToken.None);

        var all = await store.ListAsync(CancellationToken.None);

        Assert.Equal(["t-10", "t-2", "t-B", "t-a"], all.Select(t => t.Id.Value));
        Equivalence.AssertEquivalent(changed, all[1]);
        Assert.True(all[0].IsGlobal);
        Assert.False(all[1].IsGlobal);
    }

    private protected sealed override async ValueTask<IVersionedStore<TagId, Tag>> CreateVersionedStoreAsync() => await CreateStoreAsync();

    private protected sealed override Tag NewEntity(string id) => NewTag(id);

    private protected sealed override Tag Enrich(Tag entity) => ConformanceData.Enrich(entity);

    private protected sealed override IEnumerable<(string Property, Tag Entity)> WithDefaultIdentifiers(Tag entity) => [
        ("Tag.Id", entity with { Id = default }),
        ("Tag.Departments", entity with { Departments = [default] }),
    ];

    private protected sealed override TagId IdOf(Tag entity) => entity.Id;
}
