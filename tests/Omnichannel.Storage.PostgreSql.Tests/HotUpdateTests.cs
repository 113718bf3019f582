using Omnichannel.Capacity;
using Omnichannel.Conversations;
using static Omnichannel.Storage.PostgreSql.Tests.TestData;

namespace Omnichannel.Storage.PostgreSql.Tests;

/// <summary>
/// Since schema 10 no index of <c>conversations</c> holds the state or the serving agent, only <c>is_open</c> (computed
/// from the state): a take, a hold or a hand-over to another agent updates the row without a new entry in any index
/// (a HOT update, counted by PostgreSQL's statistics), while a close or a forward to another department, which change
/// what the indexes hold, still update them.
/// </summary>
public sealed class HotUpdateTests(StorageFixture fixture) : IClassFixture<StorageFixture>
{
    private static readonly CancellationToken None = CancellationToken.None;

    private const string Updates = "SELECT n_tup_upd || '/' || n_tup_hot_upd FROM pg_stat_user_tables WHERE relname = 'conversations'";

    [Fact]
    public async Task Takes_holds_and_hand_overs_update_no_index_while_closes_and_forwards_do()
    {
        var database = await fixture.ResetAsync();
        var store = database.Conversations;
        var queued = await CreateAsync(store, "c-1");
        var (updatesBefore, hotBefore) = await FlushedUpdatesAsync(expectedAtLeast: 0);

        var taken = await SaveAsync(store, Taken(queued, "a-1"), Claim("a-1", 5));
        var held = await SaveAsync(store, taken with { State = ConversationState.OnHold });
        var handedOver = await SaveAsync(store, held with { State = ConversationState.Taken, ServingAgentId = new AgentId("a-2") });
        var forwarded = await SaveAsync(store, handedOver with { DepartmentId = new DepartmentId("d-2"), State = ConversationState.Queued, ServingAgentId = null });
        await SaveAsync(store, forwarded with { State = ConversationState.Closed });

        var (updates, hot) = await FlushedUpdatesAsync(expectedAtLeast: updatesBefore + 5);
        Assert.Equal(5, updates - updatesBefore);
        Assert.Equal(3, hot - hotBefore); // the take, the hold and the hand-over; not the forward, not the close
    }

    private static async Task<Conversation> SaveAsync(IConversationStore store, Conversation next, CapacityClaim? claim = null) =>
        await store.SaveAsync(new ConversationWrite(next, claim, null), None);

    // The writing connections report their statistics when idle, at most once a second: wait until the updates show.
    private async Task<(long Updates, long Hot)> FlushedUpdatesAsync(long expectedAtLeast)
    {
        for (var attempt = 0; ; attempt++)
        {
            var counts = ((string?)await StorageFixture.ExecuteAsync(fixture.ConnectionString, Updates) ?? "0/0").Split('/');
            var (updates, hot) = (long.Parse(counts[0], System.Globalization.CultureInfo.InvariantCulture), long.Parse(counts[1], System.Globalization.CultureInfo.InvariantCulture));
            if (updates >= expectedAtLeast || attempt == 300)
            {
                return (updates, hot);
            }

            await Task.Delay(100);
        }
    }
}
