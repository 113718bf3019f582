using System.Diagnostics;
using NodaTime;
using Omnichannel.Conversations;
using Omnichannel.Outbox;
using Omnichannel.Storage;

namespace Omnichannel.Core.Tests.Storage;

/// <summary>Per-conversation lookups of the in-memory outbox (every close, every email request) are indexed.</summary>
public sealed class InMemoryOutboxIndexTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private static readonly Instant Start = Instant.FromUtc(2025, 3, 3, 9, 0);

    [Fact]
    public async Task Looking_up_one_conversations_jobs_does_not_scan_every_job()
    {
        var store = new InMemoryConversationStore();
        for (var i = 0; i < 200_000; i++)
        {
            var at = Start + Duration.FromSeconds(i);
            await store.EnqueueAsync(new OutboxMessage { Id = $"job-{i}", Kind = "test", ConversationId = new ConversationId($"c-{i}"), CreatedAt = at, DueAt = at }, CancellationToken.None);
        }

        var watch = Stopwatch.StartNew();
        for (var i = 0; i < 2_000; i++)
        {
            Assert.Single(await store.ListByConversationAsync(new ConversationId($"c-{i * 97}"), CancellationToken.None));
        }

        watch.Stop();
        output.WriteLine($"2,000 lookups among 200,000 jobs: {watch.Elapsed.TotalMilliseconds:0.0} ms");
        // Indexed, 2,000 lookups take a few milliseconds; scanning 200,000 jobs each time takes seconds.
        Assert.True(watch.Elapsed < TimeSpan.FromMilliseconds(500), $"2,000 lookups among 200,000 jobs took {watch.Elapsed.TotalMilliseconds:0} ms.");
    }
}
