using Omnichannel.Agents;
using Omnichannel.Storage;
using static Omnichannel.Testing.Conformance.ConformanceData;

namespace Omnichannel.Testing.Conformance;

/// <summary>
/// The conformance tests every <see cref="IAgentStore"/> passes. An adapter's test project inherits this class and
/// implements <see cref="CreateStoreAsync"/>; the inherited <c>[Fact]</c>s then run against the adapter.
/// </summary>
/// <example>
/// <code>
/// public sealed class SqliteAgentStoreTests : AgentStoreConformanceTests
/// {
///     protected override async ValueTask&lt;IAgentStore&gt; CreateStoreAsync() =&gt; await SqliteStores.CreateEmptyAsync();
/// }
/// </code>
/// </example>
/// <remarks>
/// xunit creates one instance per test, so instances are not shared between threads; the tests themselves call
/// the store from many threads at once.
/// </remarks>
public abstract class AgentStoreConformanceTests : VersionedStoreConformanceTests<AgentId, Agent>
{
    /// <summary>Creates a fresh, empty store for one test.</summary>
    /// <returns>The store.</returns>
    protected abstract ValueTask<IAgentStore> CreateStoreAsync();

    /// <summary>
    /// User names are unique ignoring letter case: a second agent with a held name, or a rename to one, is refused with
    /// <see cref="ConcurrencyConflictException"/> and nothing is stored; the name still finds its holder.
    /// </summary>
    /// <returns>A task that completes when the test ends.</returns>
    [Fact]
    public async Task A_user_name_held_by_another_agent_ignoring_case_is_refused_and_nothing_is_stored()
    {
        var store = await CreateStoreAsync();
        await store.SaveAsync(NewAgent("a-1", "Ana.Lima"), CancellationToken.None);
        var bruno = await store.SaveAsync(NewAgent("a-2", "bruno"), CancellationToken.None);

        await Assert.ThrowsAsync<ConcurrencyConflictException>(async () => await store.SaveAsync(NewAgent("a-3", "ANA.LIMA"), CancellationToken.None));
        await Assert.ThrowsAsync<ConcurrencyConflictException>(async () => await store.SaveAsync(bruno with { Username = "ana.lima" }, CancellationToken.None));

        Assert.Null(await store.GetAsync(new AgentId("a-3"), CancellationToken.None));
        var unchanged = await store.GetAsync(new AgentId("a-2"), CancellationToken.None);
        Assert.Equal(("bruno", 1L), (unchanged?.Username, unchanged?.Version ?? 0));
        Assert.Equal(new AgentId("a-1"), (await store.FindByUsernameAsync("ana.lima", CancellationToken.None))?.Id);
        Assert.Equal(new AgentId("a-2"), (await store.FindByUsernameAsync("BRUNO", CancellationToken.None))?.Id);
    }

    /// <summary>The user name is found whatever its letter case (ordinal, case-insensitive).</summary>
    /// <returns>A task that completes when the test ends.</returns>
    [Fact]
    public async Task FindByUsername_ignores_letter_case()
    {
        var store = await CreateStoreAsync();
        await store.SaveAsync(NewAgent("a-1", "Ana.Lima"), CancellationToken.None);
        await store.SaveAsync(NewAgent("a-2", "bruno"), CancellationToken.None);

        Assert.Equal(new AgentId("a-1"), (await store.FindByUsernameAsync("ana.lima", CancellationToken.None))?.Id);
        Assert.Equal(new AgentId("a-1"), (await store.FindByUsernameAsync("ANA.LIMA", CancellationToken.None))?.Id);
        Assert.Equal(new AgentId("a-2"), (await store.FindByUsernameAsync("Bruno", CancellationToken.None))?.Id);
    }

    /// <summary>An unknown user name, or one that only starts like a known one, finds nobody.</summary>
    /// <returns>A task that completes when the test ends.</returns>
    [Fact]
    public async Task FindByUsername_returns_null_for_an_unknown_name()
    {
        var store = await CreateStoreAsync();
        await store.SaveAsync(NewAgent("a-1", "ana"), CancellationToken.None);

        Assert.Null(await store.FindByUsernameAsync("carla", CancellationToken.None));
        Assert.Null(await store.FindByUsernameAsync("an", CancellationToken.None));
        Assert.Null(await store.FindByUsernameAsync("ana%", CancellationToken.None));
    }

    /// <summary>After a rename the new name finds the agent and the old one finds nobody.</summary>
    /// <returns>A task that completes when the test ends.</returns>
    [Fact]
    public async Task FindByUsername_follows_a_rename()
    {
        var store = await CreateStoreAsync();
        var stored = await store.SaveAsync(NewAgent("a-1", "ana"), CancellationToken.None);

        await store.SaveAsync(stored with { Username = "ana.lima" }, CancellationToken.None);

        Assert.Null(await store.FindByUsernameAsync("ana", CancellationToken.None));
        Assert.Equal(2, (await store.FindByUsernameAsync("ana.lima", CancellationToken.None))?.Version);
    }

    /// <summary>A department's members are listed ordered by id (ordinal: "a-B" before "a-a"), without other departments' agents.</summary>
    /// <returns>A task that completes when the test ends.</returns>
    [Fact]
    public async Task ListByDepartment_returns_the_members_ordered_by_id()
    {
        var store = await CreateStoreAsync();
        await store.SaveAsync(NewAgent("a-a", "lower", "d-1"), CancellationToken.None);
        await store.SaveAsync(NewAgent("a-2", "two", "d-1", "d-2"), CancellationToken.None);
        await store.SaveAsync(NewAgent("a-B", "upper", "d-1"), CancellationToken.None);
        await store.SaveAsync(NewAgent("a-10", "ten", "d-1"), CancellationToken.None);
        await store.SaveAsync(NewAgent("a-3", "three", "d-2"), CancellationToken.None);

        var members = await store.ListByDepartmentAsync(new DepartmentId("d-1"), CancellationToken.None);

        Assert.Equal(["a-10", "a-2", "a-B", "a-a"], members.Select(a => a.Id.Value));
        Assert.Empty(await store.ListByDepartmentAsync(new DepartmentId("d-none"), CancellationToken.None));
    }

    /// <summary>Listing reflects membership changes and returns the latest version of each member.</summary>
    /// <returns>A task that completes when the test ends.</returns>
    [Fact]
    public async Task ListByDepartment_follows_membership_changes()
    {
        var store = await CreateStoreAsync();
        var ana = await store.SaveAsync(NewAgent("a-1", "ana", "d-1"), CancellationToken.None);
        var bruno = await store.SaveAsync(NewAgent("a-2", "bruno", "d-2"), CancellationToken.None);

        await store.SaveAsync(ana with { Departments = [new DepartmentId("d-2")] }, CancellationToken.None);
        await store.SaveAsync(bruno with { Departments = bruno.Departments.Add(new DepartmentId("d-1")) }, CancellationToken.None);

        var d1 = await store.ListByDepartmentAsync(new DepartmentId("d-1"), CancellationToken.None);
        var d2 = await store.ListByDepartmentAsync(new DepartmentId("d-2"), CancellationToken.None);
        Assert.Equal(["a-2"], d1.Select(a => a.Id.Value));
        Assert.Equal(["a-1", "a-2"], d2.Select(a => a.Id.Value));
        Assert.All(d2, a => Assert.Equal(2, a.Version));
    }

    private protected sealed override async ValueTask<IVersionedStore<AgentId, Agent>> CreateVersionedStoreAsync() => await CreateStoreAsync();

    private protected sealed override Agent NewEntity(string id) => NewAgent(id, "user-" + id, "d-1");

    private protected sealed override Agent Enrich(Agent entity) => ConformanceData.Enrich(entity);

    private protected sealed override IEnumerable<(string Property, Agent Entity)> WithDefaultIdentifiers(Agent entity) => [
        ("Agent.Id", entity with { Id = default }),
        ("Agent.Departments", entity with { Departments = [default] }),
        ("Agent.SupervisedUnits", entity with { SupervisedUnits = [default] }),
    ];

    private protected sealed override AgentId IdOf(Agent entity) => entity.Id;
}
