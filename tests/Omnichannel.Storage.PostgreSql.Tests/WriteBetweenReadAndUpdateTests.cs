using Npgsql;
using Omnichannel.Conversations;
using static Omnichannel.Storage.PostgreSql.Tests.TestData;

namespace Omnichannel.Storage.PostgreSql.Tests;

/// <summary>
/// Since schema 7, <c>omnichannel_save_conversation</c> reads the row without locking it and checks the version again in
/// its <c>UPDATE</c>. A write that commits after that read and before the <c>UPDATE</c> must turn the save into a version
/// conflict with nothing written (no message appended, no load counted), exactly as when the write came first. Since
/// schema 8 the function learns whether the UPDATE matched from the row count of the statement that appends the messages
/// (one message, several, or none are three statements), so each is raced.
/// </summary>
public sealed class WriteBetweenReadAndUpdateTests(StorageFixture fixture) : IClassFixture<StorageFixture>
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public async Task A_write_committed_between_the_read_and_the_update_makes_the_save_a_conflict_that_writes_nothing_and_a_retry_succeeds(int appended)
    {
        var database = await fixture.ResetAsync();
        var store = database.Conversations;
        var queued = await CreateAsync(store, "c-1");

        // Another process's write, holding the row (uncommitted) while the save runs.
        await using var other = new NpgsqlConnection(fixture.ConnectionString);
        await other.OpenAsync();
        await using var transaction = await other.BeginTransactionAsync();
        await using (var change = new NpgsqlCommand(
            "UPDATE conversations SET version = version + 1, data = jsonb_set(data, '{version}', to_jsonb(version + 1)) WHERE id = 'c-1'", other, transaction))
        {
            Assert.Equal(1, await change.ExecuteNonQueryAsync());
        }

        var take = Taken(queued, "a-1") with { MessageCount = 1 + appended };
        var save = Task.Run(async () => await store.SaveAsync(new ConversationWrite(take, Claim("a-1", 5), null) { Messages = Messages(appended) }, None));

        // The save read version 1 (the committed one) and now waits for the row in its UPDATE.
        await WaitForAsync(async () => (long)(await StorageFixture.ExecuteAsync(fixture.ConnectionString,
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%omnichannel_save_conversation%'"))! == 1);
        Assert.False(save.IsCompleted);
        await transaction.CommitAsync();

        var conflict = await Assert.ThrowsAsync<ConcurrencyConflictException>(() => save);
        Assert.Contains("c-1", conflict.Message, StringComparison.Ordinal);
        Assert.Equal(2L, await StorageFixture.ExecuteAsync(fixture.ConnectionString, "SELECT version FROM conversations WHERE id = 'c-1'"));
        Assert.Equal(1L, await StorageFixture.ExecuteAsync(fixture.ConnectionString, "SELECT count(*) FROM conversation_messages WHERE conversation_id = 'c-1'"));
        Assert.Equal(0L, await StorageFixture.ExecuteAsync(fixture.ConnectionString, "SELECT coalesce(sum(conversations), 0) FROM conversation_loads"));
        Assert.Equal("Queued", await StorageFixture.ExecuteAsync(fixture.ConnectionString, "SELECT state FROM conversations WHERE id = 'c-1'"));

        // Decided again from a fresh read, the same take succeeds.
        var fresh = (await store.GetAsync(queued.Id, None))!;
        Assert.Equal(2, fresh.Version);
        var stored = await store.SaveAsync(new ConversationWrite(Taken(fresh, "a-1") with { MessageCount = 1 + appended }, Claim("a-1", 5), null) { Messages = Messages(appended) }, None);
        Assert.Equal(3, stored.Version);
        Assert.Equal(1L, await StorageFixture.ExecuteAsync(fixture.ConnectionString, "SELECT sum(conversations) FROM conversation_loads WHERE serving_agent_id = 'a-1' AND state = 'Taken'"));
        var log = await store.ReadMessagesAsync(queued.Id, 0, 10, None);
        Assert.Equal(Enumerable.Range(1, 1 + appended), log.Select(static m => m.Sequence));
        Assert.Equal(appended == 0 ? "Hello, I need help." : $"joined {appended + 1}", log[^1].Text);
    }

    private static Message[]? Messages(int count) =>
        count == 0 ? null : [.. Enumerable.Range(2, count).Select(static sequence => Message(sequence, $"joined {sequence}"))];

    private static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(30), "The save never waited for the row.");
            await Task.Delay(20);
        }
    }
}
