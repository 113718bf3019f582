using Omnichannel.Conversations;
using Omnichannel.Storage;
using static Omnichannel.Testing.Conformance.ConformanceData;

namespace Omnichannel.Testing.Conformance;

/// <summary>Optimistic concurrency, and the one-open-conversation rule when a conversation changes department.</summary>
public abstract partial class ConversationStoreConformanceTests
{
    /// <summary>A write naming the stored version is stored at the next version.</summary>
    /// <returns>A task that completes when the test ends.</returns>
    [Fact]
    public async Task Save_stores_the_change_and_increments_the_version()
    {
        var store = (await CreateStorageAsync()).Conversations;
        var created = await CreateAsync(store, "c-1");

        var taken = await SaveAsync(store, Taken(created, "a-1"));
        var topic = await SaveAsync(store, taken with { Topic = "Refund" });

        Assert.Equal(2, taken.Version);
        Assert.Equal(3, topic.Version);
        Equivalence.AssertEquivalent(Taken(created, "a-1") with { Topic = "Refund", Version = 3 }, await store.GetAsync(created.Id, None));
    }

    /// <summary>
    /// A conversation or outbox job holding a default identifier (<c>default(ContactId)</c> and the like, which names nothing)
    /// is refused with an <see cref="ArgumentException"/> naming the property, new or changed, and nothing is written: a
    /// SQL store could not read it back.
    /// </summary>
    /// <returns>A task that completes when the test ends.</returns>
    [Fact]
    public async Task A_conversation_or_job_holding_a_default_identifier_is_refused_naming_the_property()
    {
        var storage = await CreateStorageAsync();
        var store = storage.Conversations;
        var created = await CreateAsync(store, "c-1");

        foreach (var (property, write) in new (string, Func<Task>)[]
        {
            ("Conversation.ContactId", () => store.CreateOrGetOpenAsync(FirstWrite(NewConversation("c-2") with { ContactId = default }), None).AsTask()),
            ("Conversation.DepartmentId", () => store.CreateOrGetOpenAsync(FirstWrite(NewConversation("c-2") with { DepartmentId = default }), None).AsTask()),
            ("Conversation.DepartmentId", () => SaveAsync(store, created with { DepartmentId = default })),
            ("OutboxMessage.ConversationId", () => storage.Outbox.EnqueueAsync(NewJob("j-1", default), None).AsTask()),
        })
        {
            var refused = await Assert.ThrowsAnyAsync<ArgumentException>(write);
            Assert.Contains(property + " holds default(", refused.Message, StringComparison.Ordinal);
        }

        Assert.Null(await store.GetAsync(new ConversationId("c-2"), None));
        await AssertUnchangedAsync(store, created);
    }

    /// <summary>A write naming an older version is refused with <see cref="ConcurrencyConflictException"/>; the stored conversation is unchanged.</summary>
    /// <returns>A task that completes when the test ends.</returns>
    [Fact]
    public async Task Save_with_a_stale_version_throws_a_conflict_and_keeps_the_stored_conversation()
    {
        var store = (await CreateStorageAsync()).Conversations;
        var read = await CreateAsync(store, "c-1");
        var winner = await SaveAsync(store, Taken(read, "a-1"));

        var conflict = await Assert.ThrowsAsync<ConcurrencyConflictException>(() => SaveAsync(store, Taken(read, "a-2")));

        Assert.Equal(read.Version, conflict.ExpectedVersion);
        await AssertUnchangedAsync(store, winner);
    }

    /// <summary>A write of a conversation that was never stored is a conflict (whatever version it names) and stores nothing.</summary>
    /// <param name="version">The version the write names.</param>
    /// <returns>A task that completes when the test ends.</returns>
    [Theory]
    [InlineData(0L)]
    [InlineData(1L)]
    public async Task Save_of_an_unknown_conversation_throws_a_conflict(long version)
    {
        var store = (await CreateStorageAsync()).Conversations;
        var ghost = NewConversation("c-1").WithVersion(version);

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => SaveAsync(store, ghost));

        Assert.Null(await store.GetAsync(ghost.Id, None));
    }

    /// <summary>Of many concurrent writes from the same version exactly one wins; the others get a conflict.</summary>
    /// <returns>A task that completes when the test ends.</returns>
    [Fact]
    public async Task Concurrent_saves_from_the_same_version_let_exactly_one_win()
    {
        var store = (await CreateStorageAsync()).Conversations;
        var read = await CreateAsync(store, "c-1");

        var outcomes = await Concurrently.RunAsync(ConcurrentWriters, i => store.SaveAsync(new ConversationWrite(read with { Topic = $"topic {i}" }), None));

        var winner = Assert.Single(outcomes, o => o.Succeeded).Value!;
        Assert.All(outcomes.Where(o => !o.Succeeded), o => Assert.IsType<ConcurrencyConflictException>(o.Exception));
        await AssertUnchangedAsync(store, winner);
        Assert.Equal(2, winner.Version);
    }

    /// <summary>
    /// Many agents taking one queued conversation at once, each with room to spare: exactly one serves it; every
    /// other take is a conflict and leaves nothing behind.
    /// </summary>
    /// <returns>A task that completes when the test ends.</returns>
    [Fact]
    public async Task Concurrent_takes_of_one_conversation_let_exactly_one_agent_win()
    {
        var store = (await CreateStorageAsync()).Conversations;
        var queued = await CreateAsync(store, "c-1");

        var outcomes = await Concurrently.RunAsync(ConcurrentWriters, i =>
            store.SaveAsync(new ConversationWrite(Taken(queued, $"a-{i}"), Claim($"a-{i}", agentLimit: 5, departmentLimit: 5)), None));

        var winner = Assert.Single(outcomes, o => o.Succeeded).Value!;
        Assert.All(outcomes.Where(o => !o.Succeeded), o => Assert.IsType<ConcurrencyConflictException>(o.Exception));
        await AssertUnchangedAsync(store, winner);
        for (var i = 0; i < ConcurrentWriters; i++)
        {
            var agent = new AgentId($"a-{i}");
            Assert.Equal(agent == winner.ServingAgentId ? 1 : 0, await store.CountServedAsync(agent, null, countOnHold: true, None));
        }
    }

    /// <summary>A write whose token is already cancelled throws <see cref="OperationCanceledException"/> and stores nothing.</summary>
    /// <returns>A task that completes when the test ends.</returns>
    [Fact]
    public async Task Save_with_a_cancelled_token_stores_nothing()
    {
        var store = (await CreateStorageAsync()).Conversations;
        var created = await CreateAsync(store, "c-1");

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            store.SaveAsync(new ConversationWrite(Taken(created, "a-1")), new CancellationToken(canceled: true)).AsTask());

        await AssertUnchangedAsync(store, created);
    }

    /// <summary>
    /// Moving an open conversation into a department where its contact already has an open one would break the
    /// one-open-conversation rule: the write is refused with <see cref="ConcurrencyConflictException"/> (the caller reads
    /// again and decides again) and nothing changes.
    /// </summary>
    /// <returns>A task that completes when the test ends.</returns>
    [Fact]
    public async Task Moving_an_open_conversation_where_its_contact_has_an_open_one_is_refused()
    {
        var storage = await CreateStorageAsync();
        var store = storage.Conversations;
        var moving = await CreateAsync(store, "c-1", department: "d-1");
        var there = await CreateAsync(store, "c-2", department: "d-2");

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() =>
            SaveAsync(store, moving with { DepartmentId = new DepartmentId("d-2") }, outbox: [NewJob("j-1", moving.Id)]));

        await AssertUnchangedAsync(store, moving);
        await AssertUnchangedAsync(store, there);
        Assert.Empty(await storage.Outbox.ListByConversationAsync(moving.Id, None));
        var (open, created) = await store.CreateOrGetOpenAsync(FirstWrite(NewConversation("c-3", department: "d-2")), None);
        Assert.False(created);
        Assert.Equal(there.Id, open.Id);
    }

    /// <summary>
    /// A conversation that moves department takes the one-open-conversation slot with it: a new message in the
    /// new department finds it, one in the old department starts a new conversation.
    /// </summary>
    /// <returns>A task that completes when the test ends.</returns>
    [Fact]
    public async Task Moving_a_conversation_moves_its_open_conversation_slot()
    {
        var store = (await CreateStorageAsync()).Conversations;
        var closedThere = await CreateAsync(store, "c-0", department: "d-2");
        await SaveAsync(store, Closed(closedThere));
        var moving = await CreateAsync(store, "c-1", department: "d-1");

        var moved = await SaveAsync(store, moving with { DepartmentId = new DepartmentId("d-2") });

        var (inNew, createdInNew) = await store.CreateOrGetOpenAsync(FirstWrite(NewConversation("c-2", department: "d-2")), None);
        var (inOld, createdInOld) = await store.CreateOrGetOpenAsync(FirstWrite(NewConversation("c-3", department: "d-1")), None);
        Assert.False(createdInNew);
        Equivalence.AssertEquivalent(moved, inNew);
        Assert.True(createdInOld);
        Assert.Equal("c-3", inOld.Id.Value);
    }
}
