using Omnichannel.Conversations;
using static Omnichannel.Testing.Conformance.ConformanceData;

namespace Omnichannel.Testing.Conformance;

/// <summary>Queries and load counts.</summary>
public abstract partial class ConversationStoreConformanceTests
{
    private static readonly ConversationState[] OpenStates = [ConversationState.Queued, ConversationState.Taken, ConversationState.OnHold, ConversationState.Forwarded];

    /// <summary>A query must narrow by department, serving agent or contact; one that does not is a bad argument.</summary>
    /// <returns>A task that completes when the test ends.</returns>
    [Fact]
    public async Task Query_without_a_department_agent_or_contact_is_refused()
    {
        var store = (await CreateStorageAsync()).Conversations;
        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.QueryAsync(new ConversationQuery { States = OpenStates }, None).AsTask());
    }

    /// <summary>A department's conversations come oldest first, each at its latest version, without other departments'.</summary>
    /// <returns>A task that completes when the test ends.</returns>
    [Fact]
    public async Task Query_by_department_returns_its_conversations_oldest_first()
    {
        var store = (await CreateStorageAsync()).Conversations;
        await CreateAsync(store, "c-1", contact: "k-1", createdAt: At(30));
        var latest = await SaveAsync(store, Taken(await CreateAsync(store, "c-2", contact: "k-2", createdAt: At(10)), "a-1"));
        await CreateAsync(store, "c-3", contact: "k-3", createdAt: At(20));
        await CreateAsync(store, "c-4", contact: "k-1", department: "d-2", createdAt: At(0));

        var found = await store.QueryAsync(new ConversationQuery { DepartmentId = new DepartmentId("d-1") }, None);

        Assert.Equal(["c-2", "c-3", "c-1"], found.Select(c => c.Id.Value));
        Equivalence.AssertEquivalent(latest, found[0]);
    }

    /// <summary>Conversations created at the same instant are ordered by id, ordinally ("c-10" before "c-9", "c-B" before "c-a").</summary>
    /// <returns>A task that completes when the test ends.</returns>
    [Fact]
    public async Task Query_orders_equal_creation_times_by_ordinal_id()
    {
        var store = (await CreateStorageAsync()).Conversations;
        foreach (var id in new[] { "c-a", "c-9", "c-B", "c-10" })
        {
            await CreateAsync(store, id, contact: "k-" + id, createdAt: At(0));
        }

        var found = await store.QueryAsync(new ConversationQuery { DepartmentId = new DepartmentId("d-1") }, None);

        Assert.Equal(["c-10", "c-9", "c-B", "c-a"], found.Select(c => c.Id.Value));
    }

    /// <summary>The state filter keeps only the states listed; an empty list matches nothing, and no list matches every state.</summary>
    /// <returns>A task that completes when the test ends.</returns>
    [Fact]
    public async Task Query_filters_by_state()
    {
        var store = (await CreateStorageAsync()).Conversations;
        await CreateAsync(store, "c-1", contact: "k-1", createdAt: At(1));
        await ServedAsync(store, "c-2", "a-1", ConversationState.Taken);
        await ServedAsync(store, "c-3", "a-1", ConversationState.OnHold);
        await ServedAsync(store, "c-4", "a-1", ConversationState.Forwarded);
        await ServedAsync(store, "c-5", "a-1", ConversationState.Closed);
        var department = new DepartmentId("d-1");

        async Task<string[]> Ids(IReadOnlyCollection<ConversationState>? states) =>
            [.. (await store.QueryAsync(new ConversationQuery { DepartmentId = department, States = states }, None)).Select(c => c.Id.Value).Order(StringComparer.Ordinal)];

        Assert.Equal(["c-1"], await Ids([ConversationState.Queued]));
        Assert.Equal(["c-1", "c-2", "c-3", "c-4"], await Ids(OpenStates));
        Assert.Equal(["c-3", "c-5"], await Ids([ConversationState.OnHold, ConversationState.Closed]));
        Assert.Equal(["c-5"], await Ids([ConversationState.Closed]));
        Assert.Empty(await Ids([]));
        Assert.Equal(["c-1", "c-2", "c-3", "c-4", "c-5"], await Ids(null));
    }

    /// <summary>The serving-agent filter follows takes, returns to the queue and takes by another agent.</summary>
    /// <returns>A task that completes when the test ends.</returns>
    [Fact]
    public async Task Query_by_serving_agent_follows_changes()
    {
        var store = (await CreateStorageAsync()).Conversations;
        var created = await CreateAsync(store, "c-1");
        var byA1 = await SaveAsync(store, Taken(created, "a-1"));
        var openOfA1 = new ConversationQuery { ServingAgentId = new AgentId("a-1"), States = OpenStates };
        var openOfA2 = new ConversationQuery { ServingAgentId = new AgentId("a-2"), States = OpenStates };
        Assert.Equal(["c-1"], (await store.QueryAsync(openOfA1, None)).Select(c => c.Id.Value));

        var requeued = await SaveAsync(store, byA1 with { State = ConversationState.Queued, ServingAgentId = null, PreviousAgentId = byA1.ServingAgentId });
        Assert.Empty(await store.QueryAsync(openOfA1, None));

        await SaveAsync(store, Taken(requeued, "a-2"));
        Assert.Empty(await store.QueryAsync(openOfA1, None));
        Assert.Equal(["c-1"], (await store.QueryAsync(openOfA2, None)).Select(c => c.Id.Value));
    }

    /// <summary>A contact's history: every conversation of the contact, closed ones included, in every department.</summary>
    /// <returns>A task that completes when the test ends.</returns>
    [Fact]
    public async Task Query_by_contact_returns_every_conversation_of_the_contact()
    {
        var store = (await CreateStorageAsync()).Conversations;
        await SaveAsync(store, Closed(await CreateAsync(store, "c-1", contact: "k-1", createdAt: At(0))));
        await CreateAsync(store, "c-2", contact: "k-1", createdAt: At(10));
        await CreateAsync(store, "c-3", contact: "k-1", department: "d-2", createdAt: At(20));
        await CreateAsync(store, "c-4", contact: "k-2", createdAt: At(5));

        var history = await store.QueryAsync(new ConversationQuery { ContactId = new ContactId("k-1") }, None);

        Assert.Equal(["c-1", "c-2", "c-3"], history.Select(c => c.Id.Value));
    }

    /// <summary>Every condition set must hold at once.</summary>
    /// <returns>A task that completes when the test ends.</returns>
    [Fact]
    public async Task Query_combines_every_condition()
    {
        var store = (await CreateStorageAsync()).Conversations;
        await ServedAsync(store, "c-1", "a-1", department: "d-1", contact: "k-1");
        await ServedAsync(store, "c-2", "a-1", department: "d-2", contact: "k-1");
        await ServedAsync(store, "c-3", "a-2", department: "d-3", contact: "k-1");
        await ServedAsync(store, "c-4", "a-1", ConversationState.OnHold, department: "d-1", contact: "k-2");
        await ServedAsync(store, "c-5", "a-1", ConversationState.Closed, department: "d-4", contact: "k-1");

        var found = await store.QueryAsync(new ConversationQuery
        {
            ContactId = new ContactId("k-1"),
            ServingAgentId = new AgentId("a-1"),
            DepartmentId = new DepartmentId("d-2"),
            States = OpenStates,
        }, None);
        var agentsOpenInD1 = await store.QueryAsync(new ConversationQuery { ServingAgentId = new AgentId("a-1"), DepartmentId = new DepartmentId("d-1"), States = OpenStates }, None);

        Assert.Equal(["c-2"], found.Select(c => c.Id.Value));
        Assert.Equal(["c-1", "c-4"], agentsOpenInD1.Select(c => c.Id.Value).Order(StringComparer.Ordinal));
    }

    /// <summary>CountServed counts as a claim does: Taken and Forwarded always, OnHold only when asked, never Queued or Closed; overall or in one department.</summary>
    /// <returns>A task that completes when the test ends.</returns>
    [Fact]
    public async Task CountServed_counts_what_a_claim_counts()
    {
        var store = (await CreateStorageAsync()).Conversations;
        await ServedAsync(store, "c-1", "a-1", ConversationState.Taken, department: "d-1");
        await ServedAsync(store, "c-2", "a-1", ConversationState.Forwarded, department: "d-2");
        await ServedAsync(store, "c-3", "a-1", ConversationState.OnHold, department: "d-1");
        await ServedAsync(store, "c-4", "a-1", ConversationState.Closed, department: "d-1");
        await ServedAsync(store, "c-5", "a-1", ConversationState.Queued, department: "d-1");
        await ServedAsync(store, "c-6", "a-2", ConversationState.Taken, department: "d-1");
        var agent = new AgentId("a-1");

        Assert.Equal(2, await store.CountServedAsync(agent, null, countOnHold: false, None));
        Assert.Equal(3, await store.CountServedAsync(agent, null, countOnHold: true, None));
        Assert.Equal(1, await store.CountServedAsync(agent, new DepartmentId("d-1"), countOnHold: false, None));
        Assert.Equal(2, await store.CountServedAsync(agent, new DepartmentId("d-1"), countOnHold: true, None));
        Assert.Equal(1, await store.CountServedAsync(agent, new DepartmentId("d-2"), countOnHold: true, None));
        Assert.Equal(0, await store.CountServedAsync(agent, new DepartmentId("d-9"), countOnHold: true, None));
    }

    /// <summary>An agent who serves nothing (or is unknown to the store) has a load of 0.</summary>
    /// <returns>A task that completes when the test ends.</returns>
    [Fact]
    public async Task CountServed_of_an_agent_serving_nothing_is_0()
    {
        var store = (await CreateStorageAsync()).Conversations;
        await ServedAsync(store, "c-1", "a-1");

        Assert.Equal(0, await store.CountServedAsync(new AgentId("a-2"), null, countOnHold: true, None));
        Assert.Equal(0, await store.CountServedAsync(new AgentId("a-2"), new DepartmentId("d-1"), countOnHold: true, None));
    }
}
