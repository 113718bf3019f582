using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Testing;
using Omnichannel.Conversations;
using Omnichannel.Outbox;
using Omnichannel.Storage;

namespace Omnichannel.Core.Tests.Storage;

/// <summary>
/// The in-memory outbox does not grow for ever: the jobs of a closed conversation are pruned once all of them are
/// delivered or failed and the retention period has passed since the last one finished; per-conversation lookups are
/// indexed instead of scanning every job.
/// </summary>
public sealed class InMemoryOutboxRetentionTests
{
    private static readonly Instant Start = Instant.FromUtc(2025, 3, 3, 9, 0);
    private static readonly Duration Retention = Duration.FromDays(1);

    private static async Task<Conversation> OpenAsync(InMemoryConversationStore store, string id)
    {
        var candidate = new Conversation
        {
            Id = new ConversationId(id), ContactId = new ContactId($"contact-of-{id}"), DepartmentId = new DepartmentId("d-1"),
            CreatedAt = Start, QueuedAt = Start, MessageCount = 1, LastAuthorKind = AuthorKind.Contact, ContactWaitingSince = Start,
        };
        var first = new Message { Sequence = 1, AuthorKind = AuthorKind.Contact, AuthorId = candidate.ContactId.Value, Text = "Hello", SentAt = Start };
        return (await store.CreateOrGetOpenAsync(new ConversationWrite(candidate) { Messages = [first] }, CancellationToken.None)).Conversation;
    }

    private static OutboxMessage Job(Conversation conversation, string name, Instant at) => new()
    {
        Id = $"{conversation.Id}/{name}", Kind = "test", ConversationId = conversation.Id, CreatedAt = at, DueAt = at,
    };

    private static Task<Conversation> CloseAsync(InMemoryConversationStore store, Conversation open, Instant at, params OutboxMessage[] jobs) =>
        store.SaveAsync(new ConversationWrite(open with { State = ConversationState.Closed, ClosedAt = at }, Outbox: jobs), CancellationToken.None).AsTask();

    /// <summary>Leases the job and records the status (a worker's delivery or final failure).</summary>
    private static async Task CompleteAsync(InMemoryConversationStore store, FakeClock clock, string jobId, OutboxMessageStatus status)
    {
        var leased = await store.TryLeaseAsync("worker", clock.GetCurrentInstant(), Duration.FromMinutes(5), null, CancellationToken.None);
        Assert.Equal(jobId, leased!.Id);
        await store.SaveAsync(leased with { Status = status, Attempts = 1 }, CancellationToken.None);
    }

    private static async Task<IReadOnlyList<string>> JobIdsAsync(IOutboxStore store, Conversation conversation) =>
        [.. (await store.ListByConversationAsync(conversation.Id, CancellationToken.None)).Select(j => j.Id)];

    [Fact]
    public async Task The_jobs_of_a_closed_conversation_are_pruned_once_all_finished_and_the_retention_passed()
    {
        var clock = new FakeClock(Start);
        var store = new InMemoryConversationStore(clock, Retention);
        var open = await OpenAsync(store, "c-1");
        await CloseAsync(store, open, Start, Job(open, "email", Start), Job(open, "pdf", Start));
        await CompleteAsync(store, clock, "c-1/email", OutboxMessageStatus.Delivered);
        clock.Advance(Duration.FromHours(12));
        await CompleteAsync(store, clock, "c-1/pdf", OutboxMessageStatus.Failed);

        // A day after the first job finished, the second finished only 12 hours ago: both are kept (all or nothing).
        clock.Advance(Duration.FromHours(12));
        Assert.Equal(["c-1/email", "c-1/pdf"], await JobIdsAsync(store, open));

        clock.Advance(Duration.FromHours(12));
        Assert.Empty(await JobIdsAsync(store, open));
        // The ids are free again, so the conversation's job numbering starts over without clashing.
        await store.EnqueueAsync(Job(open, "pdf", clock.GetCurrentInstant()), CancellationToken.None);
        Assert.Equal(["c-1/pdf"], await JobIdsAsync(store, open));
    }

    [Fact]
    public async Task Pending_jobs_and_the_records_of_an_open_conversation_are_kept()
    {
        var clock = new FakeClock(Start);
        var store = new InMemoryConversationStore(clock, Retention);
        var open = await OpenAsync(store, "c-open");
        // A request recorded while the conversation is open (the worker marks such records delivered at once).
        await store.SaveAsync(new ConversationWrite(open, Outbox: [Job(open, "email-request", Start)]), CancellationToken.None);
        await CompleteAsync(store, clock, "c-open/email-request", OutboxMessageStatus.Delivered);
        var closing = await OpenAsync(store, "c-pending");
        await CloseAsync(store, closing, Start, Job(closing, "email", Start), Job(closing, "pdf", Start));
        await CompleteAsync(store, clock, "c-pending/email", OutboxMessageStatus.Delivered);

        clock.Advance(Duration.FromDays(30));

        Assert.Equal(["c-open/email-request"], await JobIdsAsync(store, open));
        Assert.Equal(["c-pending/email", "c-pending/pdf"], await JobIdsAsync(store, closing));
    }

    [Fact]
    public async Task A_closed_conversation_whose_records_finished_while_it_was_open_is_pruned_after_the_close()
    {
        var clock = new FakeClock(Start);
        var store = new InMemoryConversationStore(clock, Retention);
        var open = await OpenAsync(store, "c-1");
        open = await store.SaveAsync(new ConversationWrite(open, Outbox: [Job(open, "email-request", Start)]), CancellationToken.None);
        await CompleteAsync(store, clock, "c-1/email-request", OutboxMessageStatus.Delivered);
        clock.Advance(Duration.FromDays(3));
        await CloseAsync(store, open, clock.GetCurrentInstant());

        clock.Advance(Retention - Duration.FromSeconds(1));
        Assert.Single(await JobIdsAsync(store, open));
        clock.Advance(Duration.FromSeconds(1));
        Assert.Empty(await JobIdsAsync(store, open));
    }

    [Fact]
    public async Task The_retention_is_an_option_of_AddOmnichannel()
    {
        var clock = new FakeClock(Start);
        using var services = new ServiceCollection().AddSingleton<IClock>(clock)
            .AddOmnichannel(o => o.OutboxRetention = Duration.FromHours(1)).BuildServiceProvider();
        var store = services.GetRequiredService<InMemoryConversationStore>();
        var open = await OpenAsync(store, "c-1");
        await CloseAsync(store, open, Start, Job(open, "email", Start));
        await CompleteAsync(store, clock, "c-1/email", OutboxMessageStatus.Delivered);

        clock.Advance(Duration.FromHours(1));

        Assert.Empty(await JobIdsAsync(services.GetRequiredService<IOutboxStore>(), open));
    }
}
