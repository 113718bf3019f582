using Omnichannel.Conversations;

using static Omnichannel.Testing.Conformance.ConformanceData;
using Omnichannel.Capacity;

namespace Omnichannel.Testing.Conformance;

/// <summary>Capacity claims: "take, if the agent is under capacity and nobody else took it", atomically.</summary>
public abstract partial class ConversationStoreConformanceTests
{
    /// <summary>
    /// A channel limit counts only the agent's conversations of the claim's channel: a second call is refused, a chat
    /// still fits.
    /// </summary>
    /// <returns>A task that completes when the test ends.</returns>
    [Fact]
    public async Task Channel_limit_counts_only_the_claims_channel()
    {
        var store = (await CreateStorageAsync()).Conversations;
        var (call, _) = await store.CreateOrGetOpenAsync(FirstWrite(NewConversation("c-1", "k-1") with { Channel = "call" }), None);
        await SaveAsync(store, Taken(call, "a-1"));
        var (secondCall, _) = await store.CreateOrGetOpenAsync(FirstWrite(NewConversation("c-2", "k-2") with { Channel = "call" }), None);
        var chat = await CreateAsync(store, "c-3", contact: "k-3");
        var callClaim = Claim("a-1", agentLimit: 3) with { Channel = "call", ChannelLimit = 1 };

        var refused = await Assert.ThrowsAsync<CapacityExceededException>(() => SaveAsync(store, Taken(secondCall, "a-1"), callClaim));
        var taken = await SaveAsync(store, Taken(chat, "a-1"), Claim("a-1", agentLimit: 3) with { Channel = null });

        Assert.Equal((1, 1), (refused.AgentLoad, refused.ChannelLoad));
        await AssertUnchangedAsync(store, secondCall);
        Assert.Equal(new AgentId("a-1"), taken.ServingAgentId);
        Assert.Equal("call", (await store.GetAsync(call.Id, None))!.Channel);
    }

    /// <summary>A claim for an agent under their limit is stored with the conversation.</summary>
    /// <returns>A task that completes when the test ends.</returns>
    [Fact]
    public async Task Claim_under_the_agent_limit_is_stored()
    {
        var store = (await CreateStorageAsync()).Conversations;
        await ServedAsync(store, "c-1", "a-1");
        var queued = await CreateAsync(store, "c-2", contact: "k-2");

        var taken = await SaveAsync(store, Taken(queued, "a-1"), Claim("a-1", agentLimit: 2));

        Assert.Equal(new AgentId("a-1"), taken.ServingAgentId);
        Assert.Equal(2, await store.CountServedAsync(new AgentId("a-1"), null, countOnHold: false, None));
    }

    /// <summary>
    /// A claim for an agent at their limit is refused with <see cref="CapacityExceededException"/> carrying the claim
    /// and the loads; nothing is written.
    /// </summary>
    /// <returns>A task that completes when the test ends.</returns>
    [Fact]
    public async Task Claim_at_the_agent_limit_is_refused_and_nothing_is_written()
    {
        var store = (await CreateStorageAsync()).Conversations;
        await ServedAsync(store, "c-1", "a-1");
        await ServedAsync(store, "c-2", "a-1");
        var queued = await CreateAsync(store, "c-3", contact: "k-3");
        var claim = Claim("a-1", agentLimit: 2);

        var refused = await Assert.ThrowsAsync<CapacityExceededException>(() => SaveAsync(store, Taken(queued, "a-1"), claim));

        Assert.Equal(claim, refused.Claim);
        Assert.Equal(2, refused.AgentLoad);
        await AssertUnchangedAsync(store, queued);
        Assert.Equal(2, await store.CountServedAsync(new AgentId("a-1"), null, countOnHold: false, None));
    }

    /// <summary>The agent limit counts the agent's conversations in every department.</summary>
    /// <returns>A task that completes when the test ends.</returns>
    [Fact]
    public async Task Agent_limit_counts_conversations_of_every_department()
    {
        var store = (await CreateStorageAsync()).Conversations;
        await ServedAsync(store, "c-1", "a-1", department: "d-1");
        await ServedAsync(store, "c-2", "a-1", department: "d-2");
        var queued = await CreateAsync(store, "c-3", contact: "k-3", department: "d-3");

        var refused = await Assert.ThrowsAsync<CapacityExceededException>(() => SaveAsync(store, Taken(queued, "a-1"), Claim("a-1", "d-3", agentLimit: 2)));

        Assert.Equal(2, refused.AgentLoad);
        Assert.Equal(0, refused.DepartmentLoad);
        await AssertUnchangedAsync(store, queued);
    }

    /// <summary>The department limit counts only the agent's conversations of the claim's department.</summary>
    /// <returns>A task that completes when the test ends.</returns>
    [Fact]
    public async Task Department_limit_counts_only_the_claims_department()
    {
        var store = (await CreateStorageAsync()).Conversations;
        await ServedAsync(store, "c-1", "a-1", department: "d-1");
        await ServedAsync(store, "c-2", "a-1", department: "d-1");
        var inOther = await CreateAsync(store, "c-3", contact: "k-3", department: "d-2");
        var inSame = await CreateAsync(store, "c-4", contact: "k-4", department: "d-1");

        await SaveAsync(store, Taken(inOther, "a-1"), Claim("a-1", "d-2", departmentLimit: 2));
        var refused = await Assert.ThrowsAsync<CapacityExceededException>(() => SaveAsync(store, Taken(inSame, "a-1"), Claim("a-1", "d-1", departmentLimit: 2)));

        Assert.Equal(3, refused.AgentLoad);
        Assert.Equal(2, refused.DepartmentLoad);
        await AssertUnchangedAsync(store, inSame);
        Assert.Equal(1, await store.CountServedAsync(new AgentId("a-1"), new DepartmentId("d-2"), countOnHold: false, None));
    }

    /// <summary>Limits of 0 mean no limit.</summary>
    /// <returns>A task that completes when the test ends.</returns>
    [Fact]
    public async Task Claim_without_limits_always_has_room()
    {
        var store = (await CreateStorageAsync()).Conversations;
        for (var i = 1; i <= 5; i++)
        {
            await ServedAsync(store, $"c-{i}", "a-1");
        }

        var queued = await CreateAsync(store, "c-6", contact: "k-6");

        await SaveAsync(store, Taken(queued, "a-1"), Claim("a-1"));

        Assert.Equal(6, await store.CountServedAsync(new AgentId("a-1"), null, countOnHold: false, None));
    }

    /// <summary>The conversation being written does not count against its own claim, so an agent at the limit can keep writing a conversation they serve.</summary>
    /// <returns>A task that completes when the test ends.</returns>
    [Fact]
    public async Task Claim_does_not_count_the_conversation_being_written()
    {
        var store = (await CreateStorageAsync()).Conversations;
        var served = await ServedAsync(store, "c-1", "a-1");
        await ServedAsync(store, "c-2", "a-1");

        var saved = await SaveAsync(store, served with { Topic = "Still mine" }, Claim("a-1", agentLimit: 2, departmentLimit: 2));

        Assert.Equal(3, saved.Version);
    }

    /// <summary>With on-hold counting off, on-hold conversations leave room; with it on, they fill it.</summary>
    /// <param name="countOnHold">Whether the claim counts on-hold conversations.</param>
    /// <returns>A task that completes when the test ends.</returns>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task On_hold_conversations_count_only_when_the_claim_says_so(bool countOnHold)
    {
        var store = (await CreateStorageAsync()).Conversations;
        await ServedAsync(store, "c-1", "a-1", ConversationState.OnHold);
        var queued = await CreateAsync(store, "c-2", contact: "k-2");
        var write = new ConversationWrite(Taken(queued, "a-1"), Claim("a-1", agentLimit: 1, countOnHold: countOnHold));

        if (countOnHold)
        {
            await Assert.ThrowsAsync<CapacityExceededException>(() => store.SaveAsync(write, None).AsTask());
            await AssertUnchangedAsync(store, queued);
        }
        else
        {
            Assert.Equal(new AgentId("a-1"), (await store.SaveAsync(write, None)).ServingAgentId);
        }
    }

    /// <summary>A conversation being forwarded still occupies the forwarding agent until the forward ends.</summary>
    /// <returns>A task that completes when the test ends.</returns>
    [Fact]
    public async Task Forwarded_conversations_count_for_the_forwarding_agent()
    {
        var store = (await CreateStorageAsync()).Conversations;
        await ServedAsync(store, "c-1", "a-1", ConversationState.Forwarded);
        var queued = await CreateAsync(store, "c-2", contact: "k-2");

        await Assert.ThrowsAsync<CapacityExceededException>(() => SaveAsync(store, Taken(queued, "a-1"), Claim("a-1", agentLimit: 1)));
    }

    /// <summary>Closed conversations (which keep their serving agent) and queued ones never count.</summary>
    /// <returns>A task that completes when the test ends.</returns>
    [Fact]
    public async Task Closed_and_queued_conversations_do_not_count()
    {
        var store = (await CreateStorageAsync()).Conversations;
        await ServedAsync(store, "c-1", "a-1", ConversationState.Closed);
        await ServedAsync(store, "c-2", "a-1", ConversationState.Queued);
        var queued = await CreateAsync(store, "c-3", contact: "k-3");

        await SaveAsync(store, Taken(queued, "a-1"), Claim("a-1", agentLimit: 1, departmentLimit: 1, countOnHold: true));

        Assert.Equal(1, await store.CountServedAsync(new AgentId("a-1"), null, countOnHold: true, None));
    }

    /// <summary>
    /// Concurrent claims by several agents on different conversations (no version conflict to save them): every
    /// agent ends at exactly their limit, and every refused conversation is still queued.
    /// </summary>
    /// <returns>A task that completes when the test ends.</returns>
    [Fact]
    public async Task Concurrent_claims_never_exceed_the_agent_limit()
    {
        const int Agents = 3;
        const int Limit = 2;
        var store = (await CreateStorageAsync()).Conversations;
        var queued = new List<Conversation>();
        for (var i = 0; i < Math.Max(ConcurrentWriters, Agents * (Limit + 2)); i++)
        {
            queued.Add(await CreateAsync(store, $"c-{i}", contact: $"k-{i}", department: $"d-{i % 2}"));
        }

        var outcomes = await Concurrently.RunAsync(queued.Count, i =>
            store.SaveAsync(new ConversationWrite(Taken(queued[i], $"a-{i % Agents}"), Claim($"a-{i % Agents}", queued[i].DepartmentId.Value, agentLimit: Limit)), None));

        Assert.All(outcomes.Where(o => !o.Succeeded), o => Assert.IsType<CapacityExceededException>(o.Exception));
        Assert.Equal(Agents * Limit, outcomes.Count(o => o.Succeeded));
        for (var a = 0; a < Agents; a++)
        {
            Assert.Equal(Limit, await store.CountServedAsync(new AgentId($"a-{a}"), null, countOnHold: true, None));
        }

        for (var i = 0; i < queued.Count; i++)
        {
            if (!outcomes[i].Succeeded)
            {
                await AssertUnchangedAsync(store, queued[i]);
            }
        }
    }

    /// <summary>Concurrent claims of one agent in two departments: each department ends at exactly the department limit.</summary>
    /// <returns>A task that completes when the test ends.</returns>
    [Fact]
    public async Task Concurrent_claims_never_exceed_the_department_limit()
    {
        const int Limit = 2;
        var store = (await CreateStorageAsync()).Conversations;
        var queued = new List<Conversation>();
        for (var i = 0; i < Math.Max(ConcurrentWriters, 4 * Limit); i++)
        {
            queued.Add(await CreateAsync(store, $"c-{i}", contact: $"k-{i}", department: $"d-{i % 2}"));
        }

        var outcomes = await Concurrently.RunAsync(queued.Count, i =>
            store.SaveAsync(new ConversationWrite(Taken(queued[i], "a-1"), Claim("a-1", queued[i].DepartmentId.Value, departmentLimit: Limit)), None));

        Assert.All(outcomes.Where(o => !o.Succeeded), o => Assert.IsType<CapacityExceededException>(o.Exception));
        Assert.Equal(Limit, await store.CountServedAsync(new AgentId("a-1"), new DepartmentId("d-0"), countOnHold: true, None));
        Assert.Equal(Limit, await store.CountServedAsync(new AgentId("a-1"), new DepartmentId("d-1"), countOnHold: true, None));
    }
}
