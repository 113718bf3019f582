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

    /// <summary>A department deleted at its version is gone: not read, not listed; the others stay.</summary>
    /// <returns>A task that completes when the test ends.</returns>
    [Fact]
    public async Task Delete_at_the_stored_version_removes_the_department()
    {
        var store = await CreateStoreAsync();
        var kept = await store.SaveAsync(NewDepartment("d-kept"), CancellationToken.None);
        var doomed = await store.SaveAsync(NewDepartment("d-doomed"), CancellationToken.None);
        doomed = await store.SaveAsync(doomed with { Name = "Renamed" }, CancellationToken.None);

        Assert.True(await store.DeleteAsync(doomed.Id, doomed.Version, CancellationToken.None));

        Assert.Null(await store.GetAsync(doomed.Id, CancellationToken.None));
        Assert.Null(await store.GetForChangeAsync(doomed.Id, CancellationToken.None));
        Equivalence.AssertEquivalent(kept, Assert.Single(await store.ListAsync(CancellationToken.None)));
    }

    /// <summary>Deleting a department that does not exist (or no longer does) answers false and changes nothing.</summary>
    /// <returns>A task that completes when the test ends.</returns>
    [Fact]
    public async Task Delete_of_a_missing_department_answers_false()
    {
        var store = await CreateStoreAsync();
        var department = await store.SaveAsync(NewDepartment("d-1"), CancellationToken.None);

        Assert.False(await store.DeleteAsync(new DepartmentId("d-none"), 1, CancellationToken.None));
        Assert.True(await store.DeleteAsync(department.Id, department.Version, CancellationToken.None));
        Assert.False(await store.DeleteAsync(department.Id, department.Version, CancellationToken.None));
    }

    /// <summary>A delete decided from an older version is refused with a conflict naming both versions; the department stays.</summary>
    /// <returns>A task that completes when the test ends.</returns>
    [Fact]
    public async Task Delete_at_another_version_is_a_conflict_and_keeps_the_department()
    {
        var store = await CreateStoreAsync();
        var read = await store.SaveAsync(NewDepartment("d-1"), CancellationToken.None);
        var changed = await store.SaveAsync(read with { Name = "Changed meanwhile" }, CancellationToken.None);

        var conflict = await Assert.ThrowsAsync<ConcurrencyConflictException>(async () => await store.DeleteAsync(read.Id, read.Version, CancellationToken.None));

        Assert.Equal((read.Version, changed.Version), (conflict.ExpectedVersion, conflict.ActualVersion));
        Equivalence.AssertEquivalent(changed, await store.GetAsync(read.Id, CancellationToken.None));
    }

    /// <summary>
    /// A deleted id may be created again: it starts at version 1 with its new content, and this store instance (whatever it
    /// remembered of the old department at version 1) reads the new one.
    /// </summary>
    /// <returns>A task that completes when the test ends.</returns>
    [Fact]
    public async Task Deleted_department_created_again_is_read_with_its_new_content()
    {
        var store = await CreateStoreAsync();
        var old = await store.SaveAsync(NewDepartment("d-1") with { Name = "Old" }, CancellationToken.None);
        Assert.NotNull(await store.GetAsync(old.Id, CancellationToken.None));
        Assert.NotNull(await store.GetForChangeAsync(old.Id, CancellationToken.None));
        Assert.True(await store.DeleteAsync(old.Id, old.Version, CancellationToken.None));

        var created = await store.SaveAsync(NewDepartment("d-1") with { Name = "New" }, CancellationToken.None);

        Assert.Equal(1, created.Version);
        Assert.Equal("New", (await store.GetAsync(old.Id, CancellationToken.None))!.Name);
        Assert.Equal("New", (await store.GetForChangeAsync(old.Id, CancellationToken.None))!.Name);
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
