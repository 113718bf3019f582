using NodaTime;
using Omnichannel.Conversations;
using static Omnichannel.Testing.Conformance.ConformanceData;

namespace Omnichannel.Testing.Conformance;

/// <summary>The agent's views: <see cref="IConversationListStore"/> pages, filters, scope and queue places.</summary>
public abstract partial class ConversationStoreConformanceTests
{
    /// <summary>The store answers the agent's views; a conversation store of the library must.</summary>
    /// <returns>A task that completes when the test ends.</returns>
    [Fact]
    public async Task The_store_answers_the_agents_views()
    {
        var store = (await CreateStorageAsync()).Conversations;
        Assert.IsAssignableFrom<IConversationListStore>(store);
    }

    /// <summary>Pages run newest first (ties by id, descending ordinal), each after the previous cursor, with no gap or repeat.</summary>
    /// <returns>A task that completes when the test ends.</returns>
    [Fact]
    public async Task List_pages_run_newest_first_without_gaps_or_repeats()
    {
        var store = (await CreateStorageAsync()).Conversations;
        foreach (var (id, at) in new[] { ("c-1", 10), ("c-2", 30), ("c-B", 20), ("c-a", 20), ("c-5", 40) })
        {
            await CreateAsync(store, id, contact: "k-" + id, createdAt: At(at));
        }

        var seen = new List<string>();
        ConversationCursor? after = null;
        var pages = 0;
        do
        {
            var page = await Lists(store).ListAsync(new ConversationListQuery { After = after, Limit = 2 }, None);
            Assert.InRange(page.Items.Count, 1, 2);
            seen.AddRange(page.Items.Select(c => c.Id.Value));
            after = page.Next;
            pages++;
        }
        while (after is not null && pages < 10);

        Assert.Equal(["c-5", "c-2", "c-a", "c-B", "c-1"], seen);
        Assert.Equal(3, pages);
    }

    /// <summary>The scope is the departments given, plus the conversations the involved agent serves, served or was invited to.</summary>
    /// <returns>A task that completes when the test ends.</returns>
    [Fact]
    public async Task List_scope_is_the_departments_plus_what_the_agent_is_involved_in()
    {
        var store = (await CreateStorageAsync()).Conversations;
        await CreateAsync(store, "c-own", contact: "k-1", department: "d-1", createdAt: At(1));
        await CreateAsync(store, "c-other", contact: "k-2", department: "d-2", createdAt: At(2));
        var invited = await CreateAsync(store, "c-invited", contact: "k-3", department: "d-2", createdAt: At(3));
        await SaveAsync(store, invited with { Participants = [new AgentId("a-1")] });
        var served = await CreateAsync(store, "c-served", contact: "k-4", department: "d-3", createdAt: At(4));
        await SaveAsync(store, served with { ServedBy = [new AgentId("a-1")], PreviousAgentId = new AgentId("a-1") });
        var serving = await CreateAsync(store, "c-serving", contact: "k-5", department: "d-3", createdAt: At(5));
        await SaveAsync(store, Taken(serving, "a-1"));

        var scoped = await Lists(store).ListAsync(new ConversationListQuery { Departments = [new DepartmentId("d-1")], InvolvingAgent = new AgentId("a-1") }, None);
        var departmentsOnly = await Lists(store).ListAsync(new ConversationListQuery { Departments = [new DepartmentId("d-1")] }, None);
        var nothing = await Lists(store).ListAsync(new ConversationListQuery { Departments = [] }, None);

        Assert.Equal(["c-serving", "c-served", "c-invited", "c-own"], scoped.Items.Select(c => c.Id.Value));
        Assert.Equal(["c-own"], departmentsOnly.Items.Select(c => c.Id.Value));
        Assert.Empty(nothing.Items);
    }

    /// <summary>Each filter narrows: state, serving agent, department, tags (any of), creation range, text in topic or comment (any case, plain text).</summary>
    /// <returns>A task that completes when the test ends.</returns>
    [Fact]
    public async Task List_filters_by_state_agent_department_tags_dates_and_text()
    {
        var store = (await CreateStorageAsync()).Conversations;
        var a = await CreateAsync(store, "c-a", contact: "k-a", createdAt: At(10));
        await SaveAsync(store, Taken(a, "a-1") with { Topic = "Refund 100% of ORDER_42", Tags = ["billing"] });
        var b = await CreateAsync(store, "c-b", contact: "k-b", department: "d-2", createdAt: At(20));
        await SaveAsync(store, Closed(Taken(b, "a-2")) with { ClosingComment = "sent the refund", Tags = ["vip", "billing"] });
        await CreateAsync(store, "c-c", contact: "k-c", createdAt: At(30));
        var lists = Lists(store);

        async Task<string[]> Ids(ConversationListQuery query) => [.. (await lists.ListAsync(query, None)).Items.Select(c => c.Id.Value)];

        Assert.Equal(["c-c"], await Ids(new() { States = [ConversationState.Queued] }));
        Assert.Empty(await Ids(new() { States = [] }));
        Assert.Equal(["c-a"], await Ids(new() { ServingAgentId = new AgentId("a-1") }));
        Assert.Equal(["c-b"], await Ids(new() { DepartmentId = new DepartmentId("d-2") }));
        Assert.Equal(["c-b", "c-a"], await Ids(new() { Tags = ["billing", "nope"] }));
        Assert.Equal(["c-b"], await Ids(new() { Tags = ["vip"] }));
        Assert.Empty(await Ids(new() { Tags = [] }));
        Assert.Equal(["c-b"], await Ids(new() { CreatedFrom = At(20), CreatedBefore = At(30) }));
        Assert.Equal(["c-b", "c-a"], await Ids(new() { Text = "REFUND" }));
        Assert.Equal(["c-a"], await Ids(new() { Text = "100%" }));
        Assert.Equal(["c-a"], await Ids(new() { Text = "order_42" }));
        Assert.Empty(await Ids(new() { Text = "1_0" }));
        Assert.Equal(["c-a"], await Ids(new() { Text = "refund", States = [ConversationState.Taken], DepartmentId = new DepartmentId("d-1") }));
    }

    /// <summary>A page larger than the limit, or text too long, is a bad argument.</summary>
    /// <returns>A task that completes when the test ends.</returns>
    [Fact]
    public async Task List_refuses_a_limit_out_of_range()
    {
        var store = (await CreateStorageAsync()).Conversations;
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Lists(store).ListAsync(new ConversationListQuery { Limit = 0 }, None).AsTask());
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Lists(store).ListAsync(new ConversationListQuery { Limit = ConversationListQuery.MaxLimit + 1 }, None).AsTask());
    }

    /// <summary>
    /// The place in the queue is counted over the department's queued conversations (Core's <see cref="QueueOrder"/>, the
    /// comparer of the "Queued Chats" list): the store returns exactly those, with the priority, SLA due time and queue
    /// time as saved, so the serving order comes out the same on every store.
    /// </summary>
    /// <returns>A task that completes when the test ends.</returns>
    [Fact]
    public async Task Queued_conversations_of_a_department_are_read_with_what_the_serving_order_compares()
    {
        var store = (await CreateStorageAsync()).Conversations;
        var mine = await CreateAsync(store, "c-m", contact: "k-m", createdAt: At(50));
        await SaveAsync(store, mine with { Priority = ConversationPriority.Medium, QueuedAt = At(50) });
        var urgent = await CreateAsync(store, "c-u", contact: "k-u", createdAt: At(90));
        await SaveAsync(store, urgent with { Priority = ConversationPriority.Highest, QueuedAt = At(90) });
        var earlier = await CreateAsync(store, "c-e", contact: "k-e", createdAt: At(10));
        await SaveAsync(store, earlier with { Priority = ConversationPriority.Medium, QueuedAt = At(10) });
        var sla = await CreateAsync(store, "c-s", contact: "k-s", createdAt: At(70));
        await SaveAsync(store, sla with { Priority = ConversationPriority.Medium, QueuedAt = At(70), ServiceLevel = "VIP", ServiceLevelDueAt = At(75) });
        var sameTime = await CreateAsync(store, "c-a", contact: "k-a", createdAt: At(50));
        await SaveAsync(store, sameTime with { Priority = ConversationPriority.Medium, QueuedAt = At(50) });
        await CreateAsync(store, "c-none", contact: "k-n", createdAt: At(0));             // no priority: after every prioritized one
        await ServedAsync(store, "c-t", "a-1");                                           // taken: not in the queue
        await CreateAsync(store, "c-x", contact: "k-x", department: "d-2", createdAt: At(0)); // another department

        var queued = (await store.QueryAsync(new ConversationQuery { DepartmentId = mine.DepartmentId, States = [ConversationState.Queued] }, None)).ToList();
        queued.Sort(QueueOrder.For(["Highest", "High", "Medium", "Low", "Lowest"]));

        Assert.Equal(["c-u", "c-s", "c-e", "c-a", "c-m", "c-none"], queued.Select(c => c.Id.Value));
        Assert.Equal(At(75), queued[1].ServiceLevelDueAt);
    }

    /// <summary>
    /// The count of queued conversations ahead (<see cref="IConversationListStore.CountQueuedAheadAsync"/>) is each
    /// conversation's index in the department's queue sorted with Core's comparer (<see cref="QueueOrder"/>): custom
    /// priority names matched ignoring case, an unconfigured name ranked with none, SLA due times equal and different
    /// (including ones a nanosecond and half a second apart, which their stored text does not sort), ties on arrival
    /// ended by the id; other departments and conversations no longer queued not counted.
    /// </summary>
    /// <returns>A task that completes when the test ends.</returns>
    [Fact]
    public async Task Queued_ahead_count_is_the_index_in_the_serving_order_of_the_configured_priorities()
    {
        var store = (await CreateStorageAsync()).Conversations;
        var order = new QueuePlaceOrder(["Urgent", "Normal", "Later"]);
        var due = At(75);
        var arrivals = new (string Id, string? Priority, int QueuedAt, Instant? DueAt)[]
        {
            ("c-01", "Normal", 50, null),
            ("c-02", "normal", 50, null),                          // same rank as c-01 (case), same arrival: the id decides
            ("c-03", "Normal", 70, due),
            ("c-04", "Normal", 60, due),                           // same due time as c-03: arrival decides
            ("c-05", "Normal", 30, due + Duration.FromMilliseconds(500)),
            ("c-06", "Normal", 80, due + Duration.FromNanoseconds(1)),
            ("c-07", "Urgent", 90, At(200)),
            ("c-08", "Highest", 10, null),                         // not configured: ranked with none
            ("c-09", null, 10, null),                              // none, same arrival as c-08: the id decides
            ("c-10", "Later", 5, At(100)),
            ("c-11", "URGENT", 90, null),
            ("c-12", "Later", 50, At(100)),
            ("c-13", "Later", 50, At(100)),                        // same due time and arrival as c-12: the id decides
        };
        foreach (var (id, priority, queuedAt, dueAt) in arrivals)
        {
            var created = await CreateAsync(store, id, contact: "k-" + id, createdAt: At(queuedAt));
            await SaveAsync(store, created with
            {
                Priority = priority is null ? ConversationPriority.None : new ConversationPriority(priority),
                QueuedAt = At(queuedAt),
                ServiceLevel = dueAt is null ? null : "VIP",
                ServiceLevelDueAt = dueAt,
            });
        }

        var elsewhere = await CreateAsync(store, "c-x", contact: "k-x", department: "d-2", createdAt: At(0));
        await SaveAsync(store, elsewhere with { Priority = new ConversationPriority("Urgent") }); // another department
        await ServedAsync(store, "c-t", "a-1");                                                    // taken: not in the queue

        var queued = (await store.QueryAsync(new ConversationQuery { DepartmentId = new DepartmentId("d-1"), States = [ConversationState.Queued] }, None)).ToList();
        queued.Sort(order.ToComparer());
        Assert.Equal(["c-07", "c-11", "c-04", "c-03", "c-06", "c-05", "c-01", "c-02", "c-10", "c-12", "c-13", "c-08", "c-09"], queued.Select(c => c.Id.Value));

        var counted = new List<int>();
        foreach (var conversation in queued)
        {
            counted.Add(await Lists(store).CountQueuedAheadAsync(conversation, order, None));
        }

        Assert.Equal(Enumerable.Range(0, queued.Count), counted);
    }

    private static IConversationListStore Lists(IConversationStore store) =>
        store as IConversationListStore ?? throw new Xunit.Sdk.XunitException($"{store.GetType().Name} does not implement IConversationListStore.");
}
