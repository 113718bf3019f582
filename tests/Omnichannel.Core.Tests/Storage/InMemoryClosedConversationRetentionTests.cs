using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Testing;
using Omnichannel.Conversations;
using Omnichannel.Storage;

namespace Omnichannel.Core.Tests.Storage;

/// <summary>
/// With <c>ClosedConversationRetention</c> set, the in-memory store forgets a closed conversation and its messages once
/// the retention has passed since its close (so a process that runs for ever stays flat); open ones are never forgotten,
/// and by default nothing is.
/// </summary>
public sealed class InMemoryClosedConversationRetentionTests
{
    private static readonly Instant Start = Instant.FromUtc(2025, 3, 3, 9, 0);
    private static readonly Duration Retention = Duration.FromHours(1);

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

    private static Task<Conversation> CloseAsync(InMemoryConversationStore store, Conversation open, Instant at) =>
        store.SaveAsync(new ConversationWrite(open with { State = ConversationState.Closed, ClosedAt = at }), CancellationToken.None).AsTask();

    [Fact]
    public async Task A_closed_conversation_is_forgotten_with_its_messages_once_the_retention_passed_since_its_close()
    {
        var clock = new FakeClock(Start);
        var store = new InMemoryConversationStore(clock, Duration.FromDays(7), Retention);
        var closed = await CloseAsync(store, await OpenAsync(store, "c-closed"), Start);
        var open = await OpenAsync(store, "c-open");

        clock.Advance(Retention - Duration.FromSeconds(1));
        await CloseAsync(store, await OpenAsync(store, "c-later"), clock.GetCurrentInstant());
        Assert.NotNull(await store.GetAsync(closed.Id, CancellationToken.None));

        clock.Advance(Duration.FromSeconds(1));
        await CloseAsync(store, await OpenAsync(store, "c-trigger"), clock.GetCurrentInstant());

        Assert.Null(await store.GetAsync(closed.Id, CancellationToken.None));
        Assert.Empty(await store.ReadMessagesAsync(closed.Id, 0, 10, CancellationToken.None));
        Assert.Empty(await store.QueryAsync(new ConversationQuery { ContactId = closed.ContactId }, CancellationToken.None));
        Assert.NotNull(await store.GetAsync(new ConversationId("c-later"), CancellationToken.None));

        clock.Advance(Duration.FromDays(30));
        await CloseAsync(store, await OpenAsync(store, "c-trigger-2"), clock.GetCurrentInstant());
        Assert.Equal(open.Version, (await store.GetAsync(open.Id, CancellationToken.None))?.Version);
    }

    [Fact]
    public async Task By_default_closed_conversations_are_kept()
    {
        var clock = new FakeClock(Start);
        using var services = new ServiceCollection().AddSingleton<IClock>(clock).AddOmnichannel().BuildServiceProvider();
        var store = services.GetRequiredService<InMemoryConversationStore>();
        var closed = await CloseAsync(store, await OpenAsync(store, "c-1"), Start);

        clock.Advance(Duration.FromDays(3650));
        await CloseAsync(store, await OpenAsync(store, "c-2"), clock.GetCurrentInstant());

        Assert.NotNull(await store.GetAsync(closed.Id, CancellationToken.None));
    }

    [Fact]
    public void A_retention_that_is_not_positive_is_refused_at_start_up()
    {
        using var services = new ServiceCollection().AddOmnichannel(o => o.ClosedConversationRetention = Duration.Zero).BuildServiceProvider();
        var error = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Omnichannel.DependencyInjection.OmnichannelOptions>>().Value);
        Assert.Contains("ClosedConversationRetention", error.Message, StringComparison.Ordinal);
    }
}
