using NodaTime;
using Omnichannel.Conversations;
using Omnichannel.Storage;

using static Omnichannel.Testing.Conformance.ConformanceData;
using Omnichannel.Capacity;
using Omnichannel.Outbox;

namespace Omnichannel.Testing.Conformance;

/// <summary>
/// The conformance tests every <see cref="IConversationStore"/> passes: reads and full-fidelity round trips, one
/// open conversation per contact and department (also under concurrent first messages and department moves),
/// optimistic concurrency, <see cref="CapacityClaim"/>s (agent and department limits, on-hold counting, nothing
/// written when refused, never over the limit under concurrent claims), outbox jobs written atomically with the
/// conversation, queries and their order, and a model-based run of random operation sequences.
/// An adapter's test project inherits this class and implements <see cref="CreateStorageAsync"/>; the inherited
/// <c>[Fact]</c>s then run against the adapter.
/// </summary>
/// <example>
/// <code>
/// public sealed class PostgresConversationStoreTests(PostgresFixture db) : ConversationStoreConformanceTests, IClassFixture&lt;PostgresFixture&gt;
/// {
///     protected override async ValueTask&lt;ConversationStorage&gt; CreateStorageAsync()
///     {
///         var store = new PostgresConversationStore(await db.CreateEmptyDatabaseAsync());
///         return ConversationStorage.Shared(store);
///     }
/// }
/// </code>
/// </example>
/// <remarks>
/// xunit creates one instance per test, so instances are not shared between threads; the tests themselves call
/// the stores from many threads at once.
/// </remarks>
public abstract partial class ConversationStoreConformanceTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    /// <summary>
    /// Creates fresh, empty stores for one test: a conversation store and the outbox its writes record jobs in.
    /// Called once per test; tests use fixed identifiers, so the stores must not see other tests' data.
    /// </summary>
    /// <returns>The stores.</returns>
    protected abstract ValueTask<ConversationStorage> CreateStorageAsync();

    /// <summary>How many writers the concurrency tests start at once. Default: 16.</summary>
    protected virtual int ConcurrentWriters => 16;

    /// <summary>Reading an identifier never stored returns null.</summary>
    /// <returns>A task that completes when the test ends.</returns>
    [Fact]
    public async Task Get_returns_null_for_an_unknown_conversation()
    {
        var store = (await CreateStorageAsync()).Conversations;
        Assert.Null(await store.GetAsync(new ConversationId("missing"), None));
    }

    /// <summary>Every property survives the round trip, and so do the messages appended with it (attachments, text with any characters); participants, transfers, the pending forward, tags.</summary>
    /// <returns>A task that completes when the test ends.</returns>
    [Fact]
    public async Task Save_round_trips_every_property_of_a_conversation()
    {
        var store = (await CreateStorageAsync()).Conversations;
        var created = await CreateAsync(store, "c-1");

        var rich = Enrich(created);
        var saved = await store.SaveAsync(new ConversationWrite(rich) { Messages = EnrichedMessages(created) }, None);

        Equivalence.AssertEquivalent(rich.WithVersion(2), saved);
        Equivalence.AssertEquivalent(rich.WithVersion(2), await store.GetAsync(created.Id, None));
        Equivalence.AssertEquivalent<IReadOnlyList<Message>>([.. FirstWrite(created).Messages!, .. EnrichedMessages(created)], await store.ReadMessagesAsync(created.Id, 0, 10, None));
    }

    /// <summary>A contact's first message in a department stores the candidate at version 1.</summary>
    /// <returns>A task that completes when the test ends.</returns>
    [Fact]
    public async Task CreateOrGetOpen_stores_a_new_conversation_at_version_1()
    {
        var store = (await CreateStorageAsync()).Conversations;
        var candidate = NewConversation("c-1");

        var (stored, created) = await store.CreateOrGetOpenAsync(FirstWrite(candidate), None);

        Assert.True(created);
        Equivalence.AssertEquivalent(candidate.WithVersion(1), stored);
        Equivalence.AssertEquivalent(stored, await store.GetAsync(candidate.Id, None));
    }

    /// <summary>While the contact has an open conversation in the department (in any open state), that one is returned and the candidate is not stored.</summary>
    /// <param name="state">The open conversation's state.</param>
    /// <returns>A task that completes when the test ends.</returns>
    [Theory]
    [InlineData(ConversationState.Queued)]
    [InlineData(ConversationState.Taken)]
    [InlineData(ConversationState.OnHold)]
    [InlineData(ConversationState.Forwarded)]
    public async Task CreateOrGetOpen_returns_the_open_conversation_of_the_contact_in_the_department(ConversationState state)
    {
        var store = (await CreateStorageAsync()).Conversations;
        var open = await CreateAsync(store, "c-1");
        if (state != ConversationState.Queued)
        {
            open = await SaveAsync(store, InState(Taken(open, "a-1"), state));
        }

        var (returned, created) = await store.CreateOrGetOpenAsync(FirstWrite(NewConversation("c-2", createdAt: At(60))), None);

        Assert.False(created);
        Equivalence.AssertEquivalent(open, returned);
        Assert.Null(await store.GetAsync(new ConversationId("c-2"), None));
    }

    /// <summary>The rule is per contact and department: another contact, or the same contact in another department, starts its own conversation.</summary>
    /// <returns>A task that completes when the test ends.</returns>
    [Fact]
    public async Task CreateOrGetOpen_starts_separate_conversations_per_contact_and_per_department()
    {
        var store = (await CreateStorageAsync()).Conversations;
        await CreateAsync(store, "c-1", contact: "k-1", department: "d-1");

        var (otherDepartment, createdInOtherDepartment) = await store.CreateOrGetOpenAsync(FirstWrite(NewConversation("c-2", contact: "k-1", department: "d-2")), None);
        var (otherContact, createdForOtherContact) = await store.CreateOrGetOpenAsync(FirstWrite(NewConversation("c-3", contact: "k-2", department: "d-1")), None);

        Assert.True(createdInOtherDepartment);
        Assert.Equal("c-2", otherDepartment.Id.Value);
        Assert.True(createdForOtherContact);
        Assert.Equal("c-3", otherContact.Id.Value);
    }

    /// <summary>Once the open conversation is closed, the contact's next message starts a new one.</summary>
    /// <returns>A task that completes when the test ends.</returns>
    [Fact]
    public async Task CreateOrGetOpen_starts_a_new_conversation_once_the_open_one_is_closed()
    {
        var store = (await CreateStorageAsync()).Conversations;
        var first = await CreateAsync(store, "c-1");
        await SaveAsync(store, Closed(first));

        var (next, created) = await store.CreateOrGetOpenAsync(FirstWrite(NewConversation("c-2", createdAt: At(600))), None);

        Assert.True(created);
        Assert.Equal("c-2", next.Id.Value);
        Assert.Equal(ConversationState.Closed, (await store.GetAsync(first.Id, None))!.State);
    }

    /// <summary>Concurrent first messages of one contact in one department start exactly one conversation, which every caller gets.</summary>
    /// <returns>A task that completes when the test ends.</returns>
    [Fact]
    public async Task CreateOrGetOpen_creates_exactly_one_conversation_under_concurrent_first_messages()
    {
        var store = (await CreateStorageAsync()).Conversations;

        var outcomes = await Concurrently.RunAsync(ConcurrentWriters, i => store.CreateOrGetOpenAsync(FirstWrite(NewConversation($"c-{i}")), None));

        Assert.All(outcomes, o => Assert.True(o.Succeeded, o.Exception?.Message));
        var winner = Assert.Single(outcomes, o => o.Value.Created).Value.Conversation;
        Assert.All(outcomes, o => Assert.Equal(winner.Id, o.Value.Conversation.Id));
        var stored = await store.QueryAsync(new ConversationQuery { ContactId = new ContactId("k-1") }, None);
        Assert.Equal([winner.Id], stored.Select(c => c.Id));
    }

    /// <summary>A candidate that was stored before (version above 0) or is closed is a bad argument.</summary>
    /// <returns>A task that completes when the test ends.</returns>
    [Fact]
    public async Task CreateOrGetOpen_refuses_a_candidate_that_is_not_new_and_open()
    {
        var store = (await CreateStorageAsync()).Conversations;

        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.CreateOrGetOpenAsync(FirstWrite(NewConversation("c-1").WithVersion(1)), None).AsTask());
        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.CreateOrGetOpenAsync(FirstWrite(Closed(NewConversation("c-2"))), None).AsTask());

        Assert.Null(await store.GetAsync(new ConversationId("c-1"), None));
        Assert.Null(await store.GetAsync(new ConversationId("c-2"), None));
    }

    /// <summary>A candidate reusing the identifier of a stored conversation is a conflict: the stored one is never overwritten.</summary>
    /// <returns>A task that completes when the test ends.</returns>
    [Fact]
    public async Task CreateOrGetOpen_with_the_id_of_a_stored_conversation_throws_a_conflict()
    {
        var store = (await CreateStorageAsync()).Conversations;
        var closed = await SaveAsync(store, Closed(await CreateAsync(store, "c-1", contact: "k-1")));

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => store.CreateOrGetOpenAsync(FirstWrite(NewConversation("c-1", contact: "k-1")), None).AsTask());
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => store.CreateOrGetOpenAsync(FirstWrite(NewConversation("c-1", contact: "k-2")), None).AsTask());

        Equivalence.AssertEquivalent(closed, await store.GetAsync(closed.Id, None));
    }

    /// <summary>Stores a new conversation through <see cref="IConversationStore.CreateOrGetOpenAsync"/>, which must create it.</summary>
    private static async Task<Conversation> CreateAsync(IConversationStore store, string id, string contact = "k-1", string department = "d-1", Instant? createdAt = null)
    {
        var (stored, created) = await store.CreateOrGetOpenAsync(FirstWrite(NewConversation(id, contact, department, createdAt)), None);
        Assert.True(created, $"Conversation '{id}' should have been created: contact '{contact}' had no open conversation in department '{department}'.");
        return stored;
    }

    private static async Task<Conversation> SaveAsync(IConversationStore store, Conversation next, CapacityClaim? claim = null, IReadOnlyList<OutboxMessage>? outbox = null) =>
        await store.SaveAsync(new ConversationWrite(next, claim, outbox), None);

    /// <summary>Creates a conversation of <paramref name="contact"/> and stores it served by <paramref name="agent"/> in <paramref name="state"/>.</summary>
    private static async Task<Conversation> ServedAsync(IConversationStore store, string id, string agent, ConversationState state = ConversationState.Taken, string department = "d-1", string? contact = null)
    {
        var created = await CreateAsync(store, id, contact ?? "k-" + id, department);
        var served = InState(Taken(created, agent), state);
        return await SaveAsync(store, state == ConversationState.Closed ? Closed(served) : served);
    }

    private static async Task AssertUnchangedAsync(IConversationStore store, Conversation expected) =>
        Equivalence.AssertEquivalent(expected, await store.GetAsync(expected.Id, None));
}
