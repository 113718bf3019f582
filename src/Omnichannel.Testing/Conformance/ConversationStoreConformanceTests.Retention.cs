using NodaTime;
using NodaTime.Testing;
using Omnichannel.Outbox;
using static Omnichannel.Testing.Conformance.ConformanceData;

namespace Omnichannel.Testing.Conformance;

/// <summary>Outbox retention: delivered and failed jobs of closed conversations do not pile up for ever.</summary>
public abstract partial class ConversationStoreConformanceTests
{
    /// <summary>
    /// Creates fresh, empty stores whose outbox keeps the finished jobs of a closed conversation for
    /// <paramref name="outboxRetention"/>, timed by <paramref name="clock"/>. The default returns null: the retention
    /// test then checks nothing, for stores that keep every job (say so in your adapter's documentation).
    /// </summary>
    /// <param name="clock">The clock the stores must read the time from.</param>
    /// <param name="outboxRetention">How long finished jobs are kept.</param>
    /// <returns>The stores, or null when the adapter has no retention.</returns>
    protected virtual ValueTask<ConversationStorage?> CreateStorageWithRetentionAsync(IClock clock, Duration outboxRetention) =>
        ValueTask.FromResult<ConversationStorage?>(null);

    /// <summary>
    /// The jobs of a closed conversation are pruned, all together, once all of them are delivered or failed and the
    /// retention has passed (the workers' lease calls may do it); a conversation with a pending job, and an open one,
    /// keep theirs.
    /// </summary>
    /// <returns>A task that completes when the test ends.</returns>
    [Fact]
    public async Task Finished_jobs_of_a_closed_conversation_are_pruned_together_after_the_retention_and_others_are_kept()
    {
        var clock = new FakeClock(Epoch);
        var retention = Duration.FromDays(1);
        if (await CreateStorageWithRetentionAsync(clock, retention) is not { } storage)
        {
            return;
        }

        var done = await CreateAsync(storage.Conversations, "c-done", contact: "k-1");
        await SaveAsync(storage.Conversations, Closed(done), outbox: [NewJob("c-done/email", done.Id), NewJob("c-done/pdf", done.Id, kind: "transcript.pdf")]);
        var waiting = await CreateAsync(storage.Conversations, "c-waiting", contact: "k-2");
        await SaveAsync(storage.Conversations, Closed(waiting), outbox: [NewJob("c-waiting/email", waiting.Id), NewJob("c-waiting/later", waiting.Id, dueAt: Epoch + Duration.FromDays(30))]);
        var open = await CreateAsync(storage.Conversations, "c-open", contact: "k-3");
        await SaveAsync(storage.Conversations, open, outbox: [NewJob("c-open/request", open.Id)]);
        await FinishDueJobsAsync(storage.Outbox, clock);

        clock.Advance(retention / 2);
        Assert.Null(await storage.Outbox.TryLeaseAsync("worker", clock.GetCurrentInstant(), Duration.FromMinutes(1), null, None));
        Assert.Equal(2, (await storage.Outbox.ListByConversationAsync(done.Id, None)).Count);

        clock.Advance(retention);
        Assert.Null(await storage.Outbox.TryLeaseAsync("worker", clock.GetCurrentInstant(), Duration.FromMinutes(1), null, None));

        Assert.Empty(await storage.Outbox.ListByConversationAsync(done.Id, None));
        Assert.Equal(["c-waiting/email", "c-waiting/later"], (await storage.Outbox.ListByConversationAsync(waiting.Id, None)).Select(j => j.Id).Order(StringComparer.Ordinal));
        Assert.Equal(["c-open/request"], (await storage.Outbox.ListByConversationAsync(open.Id, None)).Select(j => j.Id));
        // The ids of pruned jobs are free again.
        await storage.Outbox.EnqueueAsync(NewJob("c-done/pdf", done.Id), None);
    }

    /// <summary>Leases every job due now and records it delivered (the last one failed), as a worker would.</summary>
    private static async Task FinishDueJobsAsync(IOutboxStore outbox, FakeClock clock)
    {
        var finished = 0;
        while (await outbox.TryLeaseAsync("worker", clock.GetCurrentInstant(), Duration.FromMinutes(1), null, None) is { } leased)
        {
            var status = ++finished % 4 == 0 ? OutboxMessageStatus.Failed : OutboxMessageStatus.Delivered;
            await outbox.SaveAsync(leased with { Status = status, Attempts = 1 }, None);
        }

        Assert.Equal(4, finished);
    }
}
