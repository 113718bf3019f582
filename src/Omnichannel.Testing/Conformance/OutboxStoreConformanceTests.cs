using NodaTime;
using Omnichannel.Conversations;
using Omnichannel.Storage;

using static Omnichannel.Testing.Conformance.ConformanceData;
using Omnichannel.Outbox;

namespace Omnichannel.Testing.Conformance;

/// <summary>
/// The conformance tests every <see cref="IOutboxStore"/> passes: enqueueing, leasing in due order (then by id),
/// lease exclusivity under concurrency, lease expiry, completing and rescheduling, lost leases, kind filters and
/// listing. Jobs concern stored conversations, so an adapter with a foreign key from jobs to conversations passes
/// too. An adapter's test project inherits this class and implements <see cref="CreateStorageAsync"/>.
/// </summary>
/// <remarks>
/// xunit creates one instance per test, so instances are not shared between threads; the tests themselves call
/// the store from many threads at once.
/// </remarks>
public abstract class OutboxStoreConformanceTests
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly Duration Lease = Duration.FromMinutes(1);

    /// <summary>
    /// Creates fresh, empty stores for one test: the outbox under test and the conversation store whose
    /// conversations its jobs concern. Called once per test; tests use fixed identifiers.
    /// </summary>
    /// <returns>The stores.</returns>
    protected abstract ValueTask<ConversationStorage> CreateStorageAsync();

    /// <summary>How many workers the concurrency test starts at once. Default: 8.</summary>
    protected virtual int ConcurrentWorkers => 8;

    /// <summary>An enqueued job is stored pending at version 1, with every field as written.</summary>
    /// <returns>A task that completes when the test ends.</returns>
    [Fact]
    public async Task Enqueue_stores_the_job_at_version_1()
    {
        var (outbox, conversation) = await ArrangeAsync();
        var job = NewJob("j-1", conversation, At(30)) with { Payload = "{\"to\":\"carla@example.com\",\"subject\":\"Votre conversation ✓\"}" };

        var stored = await outbox.EnqueueAsync(job, None);

        Equivalence.AssertEquivalent(job.WithVersion(1), stored);
        Equivalence.AssertEquivalent<IReadOnlyList<OutboxMessage>>([stored], await outbox.ListByConversationAsync(conversation, None));
    }

    /// <summary>Enqueueing an id that exists is a conflict; the stored job is unchanged.</summary>
    /// <returns>A task that completes when the test ends.</returns>
    [Fact]
    public async Task Enqueue_of_an_existing_id_throws_a_conflict()
    {
        var (outbox, conversation) = await ArrangeAsync();
        var stored = await outbox.EnqueueAsync(NewJob("j-1", conversation), None);

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => outbox.EnqueueAsync(NewJob("j-1", conversation, kind: "transcript.pdf"), None).AsTask());

        Equivalence.AssertEquivalent<IReadOnlyList<OutboxMessage>>([stored], await outbox.ListByConversationAsync(conversation, None));
    }

    /// <summary>Enqueueing a job that is not new (stored before, or not pending) is a bad argument.</summary>
    /// <returns>A task that completes when the test ends.</returns>
    [Fact]
    public async Task Enqueue_of_a_job_that_is_not_new_is_refused()
    {
        var (outbox, conversation) = await ArrangeAsync();

        await Assert.ThrowsAnyAsync<ArgumentException>(() => outbox.EnqueueAsync(NewJob("j-1", conversation).WithVersion(2), None).AsTask());
        await Assert.ThrowsAnyAsync<ArgumentException>(() => outbox.EnqueueAsync(NewJob("j-2", conversation) with { Status = OutboxMessageStatus.Failed }, None).AsTask());

        Assert.Empty(await outbox.ListByConversationAsync(conversation, None));
    }

    /// <summary>Nothing is leased before it is due, nor from an empty outbox.</summary>
    /// <returns>A task that completes when the test ends.</returns>
    [Fact]
    public async Task TryLease_returns_null_when_nothing_is_due()
    {
        var (outbox, conversation) = await ArrangeAsync();
        Assert.Null(await outbox.TryLeaseAsync("worker-1", At(0), Lease, null, None));

        await outbox.EnqueueAsync(NewJob("j-1", conversation, At(60)), None);

        Assert.Null(await outbox.TryLeaseAsync("worker-1", At(59), Lease, null, None));
        Assert.Equal("j-1", (await outbox.TryLeaseAsync("worker-1", At(60), Lease, null, None))?.Id);
    }

    /// <summary>Leasing records the owner and the expiry and moves the version on; the stored job shows the lease.</summary>
    /// <returns>A task that completes when the test ends.</returns>
    [Fact]
    public async Task TryLease_records_the_owner_and_expiry_and_moves_the_version()
    {
        var (outbox, conversation) = await ArrangeAsync();
        var stored = await outbox.EnqueueAsync(NewJob("j-1", conversation), None);

        var leased = await outbox.TryLeaseAsync("worker-1", At(10), Lease, null, None);

        var expected = stored with { LeaseOwner = "worker-1", LeaseExpiresAt = At(10) + Lease, Version = 2 };
        Equivalence.AssertEquivalent(expected, leased);
        Equivalence.AssertEquivalent<IReadOnlyList<OutboxMessage>>([expected], await outbox.ListByConversationAsync(conversation, None));
    }

    /// <summary>Jobs are leased by due time, then by ordinal id ("j-B" before "j-a"), whatever the order they were enqueued in.</summary>
    /// <returns>A task that completes when the test ends.</returns>
    [Fact]
    public async Task TryLease_takes_the_job_due_first_then_by_id()
    {
        var (outbox, conversation) = await ArrangeAsync();
        await outbox.EnqueueAsync(NewJob("j-a", conversation, At(10)), None);
        await outbox.EnqueueAsync(NewJob("j-late", conversation, At(20)), None);
        await outbox.EnqueueAsync(NewJob("j-B", conversation, At(10)), None);
        await outbox.EnqueueAsync(NewJob("j-early", conversation, At(5)), None);

        var order = new List<string>();
        while (await outbox.TryLeaseAsync("worker-1", At(100), Lease, null, None) is { } leased)
        {
            order.Add(leased.Id);
        }

        Assert.Equal(["j-early", "j-B", "j-a", "j-late"], order);
    }

    /// <summary>A leased job is skipped by other workers until its lease expires; then another worker takes it over.</summary>
    /// <returns>A task that completes when the test ends.</returns>
    [Fact]
    public async Task An_expired_lease_lets_another_worker_take_the_job_over()
    {
        var (outbox, conversation) = await ArrangeAsync();
        await outbox.EnqueueAsync(NewJob("j-1", conversation), None);
        var first = await outbox.TryLeaseAsync("worker-1", At(0), Lease, null, None);

        Assert.Null(await outbox.TryLeaseAsync("worker-2", At(59), Lease, null, None));
        var takenOver = await outbox.TryLeaseAsync("worker-2", At(60), Lease, null, None);

        Assert.NotNull(first);
        Assert.Equal("j-1", takenOver?.Id);
        Assert.Equal("worker-2", takenOver?.LeaseOwner);
        Assert.True(takenOver!.Version > first.Version);
    }

    /// <summary>A worker whose lease was taken over cannot save the job: <see cref="ConcurrencyConflictException"/>, and the new holder's lease stands.</summary>
    /// <returns>A task that completes when the test ends.</returns>
    [Fact]
    public async Task Save_with_a_lost_lease_throws_a_conflict()
    {
        var (outbox, conversation) = await ArrangeAsync();
        await outbox.EnqueueAsync(NewJob("j-1", conversation), None);
        var stale = (await outbox.TryLeaseAsync("worker-1", At(0), Lease, null, None))!;
        var current = (await outbox.TryLeaseAsync("worker-2", At(120), Lease, null, None))!;

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() =>
            outbox.SaveAsync(stale with { Status = OutboxMessageStatus.Delivered, Attempts = 1 }, None).AsTask());

        Equivalence.AssertEquivalent<IReadOnlyList<OutboxMessage>>([current], await outbox.ListByConversationAsync(conversation, None));
        var completed = await outbox.SaveAsync(current with { Status = OutboxMessageStatus.Delivered, Attempts = 1 }, None);
        Assert.Equal(OutboxMessageStatus.Delivered, completed.Status);
    }

    /// <summary>Completing a leased job stores its new status and releases the lease; a delivered or failed job is never leased again.</summary>
    /// <param name="status">The final status.</param>
    /// <returns>A task that completes when the test ends.</returns>
    [Theory]
    [InlineData(OutboxMessageStatus.Delivered)]
    [InlineData(OutboxMessageStatus.Failed)]
    public async Task Save_completes_a_leased_job_and_releases_the_lease(OutboxMessageStatus status)
    {
        var (outbox, conversation) = await ArrangeAsync();
        await outbox.EnqueueAsync(NewJob("j-1", conversation), None);
        var leased = (await outbox.TryLeaseAsync("worker-1", At(0), Lease, null, None))!;

        var saved = await outbox.SaveAsync(leased with { Status = status, Attempts = 3, LastError = status == OutboxMessageStatus.Failed ? "SMTP 550: mailbox unavailable" : null }, None);

        Assert.Equal(status, saved.Status);
        Assert.Null(saved.LeaseOwner);
        Assert.Null(saved.LeaseExpiresAt);
        Assert.Equal(leased.Version + 1, saved.Version);
        Equivalence.AssertEquivalent<IReadOnlyList<OutboxMessage>>([saved], await outbox.ListByConversationAsync(conversation, None));
        Assert.Null(await outbox.TryLeaseAsync("worker-2", At(3600), Lease, null, None));
    }

    /// <summary>A job rescheduled with an error is pending again, released, and leasable from its new due time on.</summary>
    /// <returns>A task that completes when the test ends.</returns>
    [Fact]
    public async Task Save_reschedules_a_job_for_a_retry()
    {
        var (outbox, conversation) = await ArrangeAsync();
        await outbox.EnqueueAsync(NewJob("j-1", conversation), None);
        var leased = (await outbox.TryLeaseAsync("worker-1", At(0), Lease, null, None))!;

        var retry = await outbox.SaveAsync(leased with { DueAt = At(300), Attempts = 1, LastError = "Connection refused" }, None);

        Assert.Equal(OutboxMessageStatus.Pending, retry.Status);
        Assert.Null(retry.LeaseOwner);
        Assert.Equal("Connection refused", retry.LastError);
        Assert.Null(await outbox.TryLeaseAsync("worker-1", At(299), Lease, null, None));
        var again = await outbox.TryLeaseAsync("worker-2", At(300), Lease, null, None);
        Assert.Equal(1, again?.Attempts);
        Assert.Equal("worker-2", again?.LeaseOwner);
    }

    /// <summary>Saving a job that does not exist is a conflict.</summary>
    /// <returns>A task that completes when the test ends.</returns>
    [Fact]
    public async Task Save_of_an_unknown_job_throws_a_conflict()
    {
        var (outbox, conversation) = await ArrangeAsync();
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => outbox.SaveAsync(NewJob("j-1", conversation).WithVersion(2), None).AsTask());
        Assert.Empty(await outbox.ListByConversationAsync(conversation, None));
    }

    /// <summary>A kind filter leases only jobs of that kind, even when others are due earlier.</summary>
    /// <returns>A task that completes when the test ends.</returns>
    [Fact]
    public async Task TryLease_with_a_kind_leases_only_that_kind()
    {
        var (outbox, conversation) = await ArrangeAsync();
        await outbox.EnqueueAsync(NewJob("j-1", conversation, At(0), kind: "transcript.email"), None);
        await outbox.EnqueueAsync(NewJob("j-2", conversation, At(5), kind: "transcript.pdf"), None);

        Assert.Equal("j-2", (await outbox.TryLeaseAsync("pdf-worker", At(10), Lease, "transcript.pdf", None))?.Id);
        Assert.Null(await outbox.TryLeaseAsync("pdf-worker", At(10), Lease, "transcript.pdf", None));
        Assert.Null(await outbox.TryLeaseAsync("sms-worker", At(10), Lease, "sms", None));
        Assert.Equal("j-1", (await outbox.TryLeaseAsync("any-worker", At(10), Lease, null, None))?.Id);
    }

    /// <summary>Many workers leasing at once: every job is leased exactly once, never by two workers.</summary>
    /// <returns>A task that completes when the test ends.</returns>
    [Fact]
    public async Task Concurrent_workers_never_lease_the_same_job()
    {
        var storage = await CreateStorageAsync();
        var outbox = storage.Outbox;
        var expected = new List<string>();
        for (var c = 0; c < 4; c++)
        {
            var conversation = await CreateConversationAsync(storage.Conversations, $"c-{c}");
            for (var j = 0; j < 10; j++)
            {
                expected.Add((await outbox.EnqueueAsync(NewJob($"j-{c}-{j}", conversation, At(j % 3)), None)).Id);
            }
        }

        var leasedByWorker = await Concurrently.RunAsync(ConcurrentWorkers, async worker =>
        {
            var mine = new List<string>();
            while (await outbox.TryLeaseAsync($"worker-{worker}", At(10), Duration.FromHours(1), null, None) is { } job)
            {
                Assert.Equal($"worker-{worker}", job.LeaseOwner);
                mine.Add(job.Id);
            }

            return mine;
        });

        Assert.All(leasedByWorker, o => Assert.True(o.Succeeded, o.Exception?.Message));
        var all = leasedByWorker.SelectMany(o => o.Value!).ToList();
        Assert.Equal(expected.Order(StringComparer.Ordinal), all.Order(StringComparer.Ordinal));
    }

    /// <summary>Listing returns a conversation's jobs oldest first (by creation time, then id) whatever their status, and no other conversation's.</summary>
    /// <returns>A task that completes when the test ends.</returns>
    [Fact]
    public async Task ListByConversation_returns_its_jobs_oldest_first_in_any_status()
    {
        var storage = await CreateStorageAsync();
        var outbox = storage.Outbox;
        var first = await CreateConversationAsync(storage.Conversations, "c-1");
        var other = await CreateConversationAsync(storage.Conversations, "c-2");
        await outbox.EnqueueAsync(NewJob("j-late", first) with { CreatedAt = At(20) }, None);
        await outbox.EnqueueAsync(NewJob("j-b", first) with { CreatedAt = At(10) }, None);
        await outbox.EnqueueAsync(NewJob("j-A", first) with { CreatedAt = At(10), DueAt = At(-1) }, None);
        await outbox.EnqueueAsync(NewJob("j-other", other), None);
        var leased = (await outbox.TryLeaseAsync("worker-1", At(0), Lease, null, None))!;
        await outbox.SaveAsync(leased with { Status = OutboxMessageStatus.Delivered }, None);

        var jobs = await outbox.ListByConversationAsync(first, None);

        Assert.Equal(["j-A", "j-b", "j-late"], jobs.Select(j => j.Id));
        Assert.Equal(OutboxMessageStatus.Delivered, jobs[0].Status);
        Assert.Empty(await outbox.ListByConversationAsync(new ConversationId("c-none"), None));
    }

    private async Task<(IOutboxStore Outbox, ConversationId Conversation)> ArrangeAsync()
    {
        var storage = await CreateStorageAsync();
        return (storage.Outbox, await CreateConversationAsync(storage.Conversations, "c-1"));
    }

    private static async Task<ConversationId> CreateConversationAsync(IConversationStore store, string id)
    {
        var (conversation, _) = await store.CreateOrGetOpenAsync(FirstWrite(NewConversation(id, contact: "k-" + id)), None);
        return conversation.Id;
    }
}
