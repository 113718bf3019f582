using Omnichannel.Storage;

namespace Omnichannel.Testing.Conformance;

/// <summary>
/// The conformance tests every <see cref="IVersionedStore{TId, TEntity}"/> passes: reads, inserts, optimistic
/// concurrency and full-fidelity round trips. Inherit <see cref="AgentStoreConformanceTests"/>,
/// <see cref="DepartmentStoreConformanceTests"/> or <see cref="ContactStoreConformanceTests"/> rather than this class.
/// </summary>
/// <typeparam name="TId">The identifier type.</typeparam>
/// <typeparam name="TEntity">The entity type.</typeparam>
/// <remarks>
/// xunit creates one instance per test, so instances are not shared between threads; the tests themselves call
/// the store from many threads at once.
/// </remarks>
public abstract class VersionedStoreConformanceTests<TId, TEntity>
    where TEntity : class, IVersioned<TEntity>
{
    /// <summary>For the kit's store-specific classes; an adapter inherits one of those.</summary>
    protected VersionedStoreConformanceTests()
    {
    }

    /// <summary>How many writers the concurrency tests start at once. Default: 16.</summary>
    protected virtual int ConcurrentWriters => 16;

    /// <summary>Reading an identifier never stored returns null.</summary>
    /// <returns>A task that completes when the test ends.</returns>
    [Fact]
    public async Task Get_returns_null_for_an_unknown_id()
    {
        var store = await CreateVersionedStoreAsync();
        Assert.Null(await store.GetAsync(IdOf(NewEntity("missing")), CancellationToken.None));
    }

    /// <summary>A new entity (version 0) is stored at version 1 and read back as written.</summary>
    /// <returns>A task that completes when the test ends.</returns>
    [Fact]
    public async Task Save_inserts_a_new_entity_at_version_1()
    {
        var store = await CreateVersionedStoreAsync();
        var entity = NewEntity("e-1");

        var stored = await store.SaveAsync(entity, CancellationToken.None);

        Assert.Equal(1, stored.Version);
        Equivalence.AssertEquivalent(entity.WithVersion(1), stored);
        Equivalence.AssertEquivalent(stored, await store.GetAsync(IdOf(entity), CancellationToken.None));
    }

    /// <summary>Every property survives the round trip: collections, optional values, enums, text with any characters.</summary>
    /// <returns>A task that completes when the test ends.</returns>
    [Fact]
    public async Task Save_round_trips_every_property()
    {
        var store = await CreateVersionedStoreAsync();
        var rich = Enrich(NewEntity("e-1"));

        await store.SaveAsync(rich, CancellationToken.None);

        Equivalence.AssertEquivalent(rich.WithVersion(1), await store.GetAsync(IdOf(rich), CancellationToken.None));
    }

    /// <summary>A write naming the stored version replaces the entity and moves the version on by one.</summary>
    /// <returns>A task that completes when the test ends.</returns>
    [Fact]
    public async Task Save_at_the_stored_version_replaces_the_entity_and_increments_the_version()
    {
        var store = await CreateVersionedStoreAsync();
        var first = await store.SaveAsync(NewEntity("e-1"), CancellationToken.None);

        var changed = Enrich(first);
        var second = await store.SaveAsync(changed, CancellationToken.None);
        var third = await store.SaveAsync(second, CancellationToken.None);

        Assert.Equal(2, second.Version);
        Assert.Equal(3, third.Version);
        Equivalence.AssertEquivalent(changed.WithVersion(3), await store.GetAsync(IdOf(first), CancellationToken.None));
    }

    /// <summary>A write naming an older version is refused with <see cref="ConcurrencyConflictException"/>; the stored entity is unchanged.</summary>
    /// <returns>A task that completes when the test ends.</returns>
    [Fact]
    public async Task Save_with_a_stale_version_throws_a_conflict_and_keeps_the_stored_entity()
    {
        var store = await CreateVersionedStoreAsync();
        var first = await store.SaveAsync(NewEntity("e-1"), CancellationToken.None);
        var winner = await store.SaveAsync(Enrich(first), CancellationToken.None);

        var conflict = await Assert.ThrowsAsync<ConcurrencyConflictException>(() => store.SaveAsync(first, CancellationToken.None).AsTask());

        Assert.Equal(first.Version, conflict.ExpectedVersion);
        Equivalence.AssertEquivalent(winner, await store.GetAsync(IdOf(first), CancellationToken.None));
    }

    /// <summary>Inserting (version 0) an identifier that exists is a conflict, not an overwrite.</summary>
    /// <returns>A task that completes when the test ends.</returns>
    [Fact]
    public async Task Save_of_a_new_entity_whose_id_exists_throws_a_conflict()
    {
        var store = await CreateVersionedStoreAsync();
        var existing = await store.SaveAsync(Enrich(NewEntity("e-1")), CancellationToken.None);

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => store.SaveAsync(NewEntity("e-1"), CancellationToken.None).AsTask());

        Equivalence.AssertEquivalent(existing, await store.GetAsync(IdOf(existing), CancellationToken.None));
    }

    /// <summary>Updating (version above 0) an entity that was never stored is a conflict, and nothing is inserted.</summary>
    /// <returns>A task that completes when the test ends.</returns>
    [Fact]
    public async Task Save_of_an_unknown_entity_at_a_nonzero_version_throws_a_conflict()
    {
        var store = await CreateVersionedStoreAsync();
        var ghost = NewEntity("e-1").WithVersion(3);

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => store.SaveAsync(ghost, CancellationToken.None).AsTask());

        Assert.Null(await store.GetAsync(IdOf(ghost), CancellationToken.None));
    }

    /// <summary>Of many concurrent writes from the same version exactly one wins; the others get a conflict.</summary>
    /// <returns>A task that completes when the test ends.</returns>
    [Fact]
    public async Task Concurrent_writes_from_the_same_version_let_exactly_one_win()
    {
        var store = await CreateVersionedStoreAsync();
        var read = await store.SaveAsync(NewEntity("e-1"), CancellationToken.None);

        var outcomes = await Concurrently.RunAsync(ConcurrentWriters, _ => store.SaveAsync(Enrich(read), CancellationToken.None));

        Assert.Single(outcomes, o => o.Succeeded);
        Assert.All(outcomes.Where(o => !o.Succeeded), o => Assert.IsType<ConcurrencyConflictException>(o.Exception));
        Assert.Equal(2, (await store.GetAsync(IdOf(read), CancellationToken.None))!.Version);
    }

    /// <summary>Concurrent inserts of one new identifier store it once.</summary>
    /// <returns>A task that completes when the test ends.</returns>
    [Fact]
    public async Task Concurrent_inserts_of_one_id_let_exactly_one_win()
    {
        var store = await CreateVersionedStoreAsync();

        var outcomes = await Concurrently.RunAsync(ConcurrentWriters, _ => store.SaveAsync(NewEntity("e-1"), CancellationToken.None));

        Assert.Single(outcomes, o => o.Succeeded);
        Assert.Equal(1, (await store.GetAsync(IdOf(NewEntity("e-1")), CancellationToken.None))!.Version);
    }

    /// <summary>
    /// An entity holding a default identifier (<c>default(AgentId)</c> and the like, which names nothing) is refused with an
    /// <see cref="ArgumentException"/> naming the property, new or replacing a stored one, and nothing is written: every
    /// store gives back exactly what it was given or refuses it (a SQL store would read an optional one back as null and
    /// could not read a required one back at all).
    /// </summary>
    /// <returns>A task that completes when the test ends.</returns>
    [Fact]
    public async Task An_entity_holding_a_default_identifier_is_refused_naming_the_property()
    {
        var store = await CreateVersionedStoreAsync();
        var stored = await store.SaveAsync(Enrich(NewEntity("e-1")), CancellationToken.None);

        foreach (var (property, entity) in WithDefaultIdentifiers(NewEntity("e-2")).Concat(WithDefaultIdentifiers(stored)))
        {
            var refused = await Assert.ThrowsAnyAsync<ArgumentException>(async () => await store.SaveAsync(entity, CancellationToken.None));
            Assert.Contains(property, refused.Message, StringComparison.Ordinal);
            Assert.Contains(" holds default(", refused.Message, StringComparison.Ordinal);
        }

        Assert.Null(await store.GetAsync(IdOf(NewEntity("e-2")), CancellationToken.None));
        Equivalence.AssertEquivalent(stored, await store.GetAsync(IdOf(stored), CancellationToken.None));
    }

    /// <summary>
    /// <paramref name="entity"/> with one identifier of it (its own, an optional one, one in a collection) set to default, for
    /// each such property, with the property's name as the refusal gives it (for example <c>Contact.ManagerId</c>; a
    /// collection's name, which a refusal may follow with the element's index).
    /// </summary>
    private protected abstract IEnumerable<(string Property, TEntity Entity)> WithDefaultIdentifiers(TEntity entity);

    /// <summary>Creates fresh, empty stores for one test.</summary>
    private protected abstract ValueTask<IVersionedStore<TId, TEntity>> CreateVersionedStoreAsync();

    /// <summary>A new entity (version 0) with the given identifier text and few properties set.</summary>
    private protected abstract TEntity NewEntity(string id);

    /// <summary><paramref name="entity"/> with every property set to something other than its default.</summary>
    private protected abstract TEntity Enrich(TEntity entity);

    private protected abstract TId IdOf(TEntity entity);
}
