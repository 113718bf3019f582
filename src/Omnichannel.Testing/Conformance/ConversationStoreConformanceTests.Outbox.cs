using NodaTime;
using Omnichannel.Storage;

using static Omnichannel.Testing.Conformance.ConformanceData;
using Omnichannel.Capacity;
using Omnichannel.Outbox;

namespace Omnichannel.Testing.Conformance;

/// <summary>Outbox jobs written in the same atomic write as the conversation change that asks for them.</summary>
public abstract partial class ConversationStoreConformanceTests
{
    /// <summary>The jobs of a write are stored with it: pending, at version 1, and leasable.</summary>
    /// <returns>A task that completes when the test ends.</returns>
    [Fact]
    public async Task Save_records_its_outbox_jobs_with_the_conversation()
    {
        var storage = await CreateStorageAsync();
        var created = await CreateAsync(storage.Conversations, "c-1");
        OutboxMessage[] jobs = [NewJob("j-1", created.Id) with { Payload = "{\"to\":\"carla@example.com\"}" }, NewJob("j-2", created.Id, kind: "transcript.pdf")];

        await SaveAsync(storage.Conversations, Closed(created), outbox: jobs);

        var stored = await storage.Outbox.ListByConversationAsync(created.Id, None);
        Assert.Equal(2, stored.Count);
        Equivalence.AssertEquivalent(jobs[0].WithVersion(1), stored[0]);
        Equivalence.AssertEquivalent(jobs[1].WithVersion(1), stored[1]);
        var leased = await storage.Outbox.TryLeaseAsync("worker-1", Epoch, Duration.FromMinutes(1), "transcript.pdf", None);
        Assert.Equal("j-2", leased?.Id);
    }

    /// <summary>A write refused for a stale version records none of its jobs.</summary>
    /// <returns>A task that completes when the test ends.</returns>
    [Fact]
    public async Task A_write_refused_for_a_stale_version_records_no_job()
    {
        var storage = await CreateStorageAsync();
        var read = await CreateAsync(storage.Conversations, "c-1");
        await SaveAsync(storage.Conversations, Taken(read, "a-1"));

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => SaveAsync(storage.Conversations, Closed(read), outbox: [NewJob("j-1", read.Id)]));

        Assert.Empty(await storage.Outbox.ListByConversationAsync(read.Id, None));
        Assert.Null(await storage.Outbox.TryLeaseAsync("worker-1", Epoch, Duration.FromMinutes(1), null, None));
    }

    /// <summary>A write refused for capacity records none of its jobs.</summary>
    /// <returns>A task that completes when the test ends.</returns>
    [Fact]
    public async Task A_write_refused_for_capacity_records_no_job()
    {
        var storage = await CreateStorageAsync();
        await ServedAsync(storage.Conversations, "c-1", "a-1");
        var queued = await CreateAsync(storage.Conversations, "c-2", contact: "k-2");

        await Assert.ThrowsAsync<CapacityExceededException>(() =>
            SaveAsync(storage.Conversations, Taken(queued, "a-1"), Claim("a-1", agentLimit: 1), [NewJob("j-1", queued.Id)]));

        Assert.Empty(await storage.Outbox.ListByConversationAsync(queued.Id, None));
    }

    /// <summary>A write carrying a job whose id exists is refused whole with a conflict: neither the conversation nor its other jobs are written.</summary>
    /// <returns>A task that completes when the test ends.</returns>
    [Fact]
    public async Task A_write_whose_job_id_exists_is_refused_whole()
    {
        var storage = await CreateStorageAsync();
        var first = await CreateAsync(storage.Conversations, "c-1", contact: "k-1");
        var second = await CreateAsync(storage.Conversations, "c-2", contact: "k-2");
        await SaveAsync(storage.Conversations, Closed(first), outbox: [NewJob("j-1", first.Id)]);

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() =>
            SaveAsync(storage.Conversations, Closed(second), outbox: [NewJob("j-2", second.Id), NewJob("j-1", second.Id)]));

        await AssertUnchangedAsync(storage.Conversations, second);
        Assert.Empty(await storage.Outbox.ListByConversationAsync(second.Id, None));
        Assert.Equal(["j-1"], (await storage.Outbox.ListByConversationAsync(first.Id, None)).Select(j => j.Id));
    }

    /// <summary>A write carrying a job that is not new (stored before, or not pending) is a bad argument and writes nothing.</summary>
    /// <returns>A task that completes when the test ends.</returns>
    [Fact]
    public async Task A_write_with_a_job_that_is_not_new_is_refused_whole()
    {
        var storage = await CreateStorageAsync();
        var created = await CreateAsync(storage.Conversations, "c-1");

        await Assert.ThrowsAnyAsync<ArgumentException>(() => SaveAsync(storage.Conversations, Closed(created), outbox: [NewJob("j-1", created.Id).WithVersion(1)]));
        await Assert.ThrowsAnyAsync<ArgumentException>(() =>
            SaveAsync(storage.Conversations, Closed(created), outbox: [NewJob("j-2", created.Id) with { Status = OutboxMessageStatus.Delivered }]));

        await AssertUnchangedAsync(storage.Conversations, created);
        Assert.Empty(await storage.Outbox.ListByConversationAsync(created.Id, None));
    }
}
