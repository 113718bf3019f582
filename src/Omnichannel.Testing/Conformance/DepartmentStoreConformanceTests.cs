using Omnichannel.Departments;
using Omnichannel.Storage;
using static Omnichannel.Testing.Conformance.ConformanceData;

namespace Omnichannel.Testing.Conformance;

/// <summary>
/// The conformance tests every <see cref="IDepartmentStore"/> passes. An adapter's test project inherits this class
/// and implements <see cref="CreateStoreAsync"/>; the inherited <c>[Fact]</c>s then run against the adapter.
/// </summary>
/// <remarks>
/// xunit creates one instance per test, so instances are not shared between threads; the tests themselves call
/// the store from many threads at once.
/// </remarks>
public abstract class DepartmentStoreConformanceTests : VersionedStoreConformanceTests<DepartmentId, Department>
{
    /// <summary>Creates a fresh, empty store for one test.</summary>
    /// <returns>The store.</returns>
    protected abstract ValueTask<IDepartmentStore> CreateStoreAsync();

    /// <summary>An empty store lists no department.</summary>
    /// <returns>A task that completes when the test ends.</returns>
    [Fact]
    public async Task List_of_an_empty_store_is_empty()
    {
        var store = await CreateStoreAsync();
        Assert.Empty(await store.ListAsync(CancellationToken.None));
    }

    /// <summary>Every department is listed once, at its latest version, ordered by id (ordinal: "d-B" before "d-a").</summary>
    /// <returns>A task that completes when the test ends.</returns>
    [Fact]
    public async Task List_returns_every_department_ordered_by_id()
    {
        var store = await CreateStoreAsync();
        foreach (var id in new[] { "d-a", "d-2", "d-B", "d-10" })
        {
            await store.SaveAsync(NewDepartment(id), CancellationToken.None);
        }

        var changed = await store.SaveAsync((await store.GetAsync(new DepartmentId("d-2"), CancellationToken.None))! with { Name = "Sales" }, CancellationToken.None);

        var all = await store.ListAsync(CancellationToken.None);
        Assert.Equal(["d-10", "d-2", "d-B", "d-a"], all.Select(d => d.Id.Value));
        Equivalence.AssertEquivalent(changed, all[1]);
    }

    private protected sealed override async ValueTask<IVersionedStore<DepartmentId, Department>> CreateVersionedStoreAsync() => await CreateStoreAsync();

    private protected sealed override Department NewEntity(string id) => NewDepartment(id);

    private protected sealed override Department Enrich(Department entity) => ConformanceData.Enrich(entity);

    private protected sealed override IEnumerable<(string Property, Department Entity)> WithDefaultIdentifiers(Department entity) => [
        ("Department.Id", entity with { Id = default }),
        ("Department.FallbackDepartmentId", entity with { FallbackDepartmentId = default(DepartmentId) }),
        ("Department.UnitId", entity with { UnitId = default(UnitId) }),
        ("Department.ForwardTargets", entity with { ForwardTargets = [default] }),
    ];

    private protected sealed override DepartmentId IdOf(Department entity) => entity.Id;
}
