using Omnichannel.Capacity;
using Omnichannel.Conversations;
using Omnichannel.Storage.PostgreSql.Stores;
using static Omnichannel.Storage.PostgreSql.Tests.TestData;

namespace Omnichannel.Storage.PostgreSql.Tests;

/// <summary>
/// A take or assignment (a claim for the conversation's own agent, department and channel, decided from that agent and
/// department) calls <c>omnichannel_save_conversation</c> with those parameters sent once and named again. The shorter
/// call must give the function exactly what the longer one gives: the same write is run in the short shapes (the
/// claim's channel the conversation's, or none) and the long one (forced by another channel, which with no channel limit
/// means the same), with the same outcomes.
/// </summary>
public sealed class SharedKeyShapeTests(StorageFixture fixture) : IClassFixture<StorageFixture>
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Theory]
    [InlineData("chat", true)]
    [InlineData(null, true)]
    [InlineData("email", false)]
    public async Task A_take_in_every_shape_counts_the_load_refuses_at_capacity_and_checks_the_agent_and_department_versions(string? claimChannel, bool shared)
    {
        var database = await fixture.ResetAsync();
        var store = database.Conversations;
        await StorageFixture.ExecuteAsync(fixture.ConnectionString, """
            INSERT INTO agents (id, username_key, departments, version, data) VALUES ('a-1', 'a-1', '{d-1}', 1, '{}');
            INSERT INTO departments (id, version, data) VALUES ('d-1', 1, '{}');
            """);
        var first = await CreateAsync(store, "c-1", contact: "k-1");
        var second = await CreateAsync(store, "c-2", contact: "k-2");

        ConversationWrite Take(Conversation queued, long agentVersion = 1, long departmentVersion = 1)
        {
            var next = Taken(queued, "a-1") with { MessageCount = 2 };
            var write = new ConversationWrite(next, Claim("a-1", 1) with { Channel = claimChannel }, null)
            {
                Messages = [Message(2, "a-1 joined")],
                DecidedFromAgent = (new AgentId("a-1"), agentVersion),
                DecidedFromDepartment = (new DepartmentId("d-1"), departmentVersion),
            };
            Assert.Equal("chat", next.Channel);
            Assert.Equal(shared, PostgreSqlConversationStore.SharesTheWritesKey(write, next));
            return write;
        }

        // Stale agent, then stale department: refused, nothing written.
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => store.SaveAsync(Take(first, agentVersion: 2), None).AsTask());
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => store.SaveAsync(Take(first, departmentVersion: 2), None).AsTask());
        Assert.Equal(0L, await StorageFixture.ExecuteAsync(fixture.ConnectionString, "SELECT coalesce(sum(conversations), 0) FROM conversation_loads"));

        // Room for one: the first take is stored and counted, the second is refused with the load the claim saw.
        var stored = await store.SaveAsync(Take(first), None);
        Assert.Equal(2, stored.Version);
        Assert.Equal(1L, await StorageFixture.ExecuteAsync(fixture.ConnectionString,
            "SELECT sum(conversations) FROM conversation_loads WHERE serving_agent_id = 'a-1' AND department_id = 'd-1' AND state = 'Taken'"));
        var full = await Assert.ThrowsAsync<CapacityExceededException>(() => store.SaveAsync(Take(second), None).AsTask());
        Assert.Contains("a-1", full.Message, StringComparison.Ordinal);
        Assert.Equal(1L, await StorageFixture.ExecuteAsync(fixture.ConnectionString, "SELECT version FROM conversations WHERE id = 'c-2'"));
        Assert.Equal(2, (await store.ReadMessagesAsync(first.Id, 0, 10, None)).Count);
        Assert.Single(await store.ReadMessagesAsync(second.Id, 0, 10, None));
    }
}
