using Omnichannel.Conversations;
using Omnichannel.Storage;

using static Omnichannel.Testing.Conformance.ConformanceData;
using Omnichannel.Capacity;

namespace Omnichannel.Testing.Conformance;

/// <summary>
/// The message log: appended in the same atomic write as the conversation record, numbered without gaps, read in
/// pages in order, never half-written when the write is refused.
/// </summary>
public abstract partial class ConversationStoreConformanceTests
{
    /// <summary>A new conversation's first message is stored with it and read back as written.</summary>
    /// <returns>A task that completes when the test ends.</returns>
    [Fact]
    public async Task CreateOrGetOpen_stores_the_first_message_with_the_conversation()
    {
        var store = (await CreateStorageAsync()).Conversations;
        var first = FirstWrite(NewConversation("c-1"));

        var (stored, _) = await store.CreateOrGetOpenAsync(first, None);

        Assert.Equal(1, stored.MessageCount);
        Equivalence.AssertEquivalent(first.Messages, await store.ReadMessagesAsync(stored.Id, 0, 10, None));
    }

    /// <summary>When the contact already has an open conversation, the candidate's message is not stored anywhere.</summary>
    /// <returns>A task that completes when the test ends.</returns>
    [Fact]
    public async Task CreateOrGetOpen_returning_the_open_conversation_writes_no_message()
    {
        var store = (await CreateStorageAsync()).Conversations;
        var open = await CreateAsync(store, "c-1");

        var (returned, created) = await store.CreateOrGetOpenAsync(FirstWrite(NewConversation("c-2", createdAt: At(60))), None);

        Assert.False(created);
        Assert.Equal(open.Id, returned.Id);
        Assert.Single(await store.ReadMessagesAsync(open.Id, 0, 10, None));
        Assert.Empty(await store.ReadMessagesAsync(new ConversationId("c-2"), 0, 10, None));
    }

    /// <summary>A first write whose messages are not numbered from 1, or whose count disagrees, is refused and stores nothing.</summary>
    /// <returns>A task that completes when the test ends.</returns>
    [Fact]
    public async Task CreateOrGetOpen_refuses_messages_not_numbered_from_one()
    {
        var store = (await CreateStorageAsync()).Conversations;
        var candidate = NewConversation("c-1");

        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.CreateOrGetOpenAsync(new ConversationWrite(candidate) { Messages = [NumberedMessage(2)] }, None).AsTask());
        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.CreateOrGetOpenAsync(new ConversationWrite(candidate with { MessageCount = 3 }) { Messages = [NumberedMessage(1)] }, None).AsTask());

        Assert.Null(await store.GetAsync(candidate.Id, None));
        Assert.Empty(await store.ReadMessagesAsync(candidate.Id, 0, 10, None));
    }

    /// <summary>Pages follow the sequence: after a number, at most a limit, ascending, and empty past the end.</summary>
    /// <returns>A task that completes when the test ends.</returns>
    [Fact]
    public async Task ReadMessages_pages_through_the_log_in_order()
    {
        var store = (await CreateStorageAsync()).Conversations;
        var created = await CreateAsync(store, "c-1");
        await store.SaveAsync(Appending(created, 24), None);

        var first = await store.ReadMessagesAsync(created.Id, 0, 10, None);
        var second = await store.ReadMessagesAsync(created.Id, 10, 10, None);
        var last = await store.ReadMessagesAsync(created.Id, 20, 10, None);
        var past = await store.ReadMessagesAsync(created.Id, 25, 10, None);

        Assert.Equal(Enumerable.Range(1, 10), first.Select(m => m.Sequence));
        Assert.Equal(Enumerable.Range(11, 10), second.Select(m => m.Sequence));
        Assert.Equal(Enumerable.Range(21, 5), last.Select(m => m.Sequence));
        Assert.Empty(past);
        Equivalence.AssertEquivalent<IReadOnlyList<Message>>([.. Enumerable.Range(11, 10).Select(NumberedMessage)], second);
    }

    /// <summary>Streaming reads every message once, in order, across many pages.</summary>
    /// <returns>A task that completes when the test ends.</returns>
    [Fact]
    public async Task StreamMessages_reads_a_long_log_in_order()
    {
        var store = (await CreateStorageAsync()).Conversations;
        var created = await CreateAsync(store, "c-1");
        var count = ConversationStoreExtensions.MessagePageSize * 2 + 7;
        await store.SaveAsync(Appending(created, count - 1), None);

        var sequences = new List<int>();
        await foreach (var message in store.StreamMessagesAsync(created.Id, 0, None))
        {
            sequences.Add(message.Sequence);
        }

        Assert.Equal(Enumerable.Range(1, count), sequences);
    }

    /// <summary>An unknown conversation has no messages; a limit below 1 or a negative start is a caller bug.</summary>
    /// <returns>A task that completes when the test ends.</returns>
    [Fact]
    public async Task ReadMessages_of_an_unknown_conversation_is_empty_and_bad_arguments_throw()
    {
        var store = (await CreateStorageAsync()).Conversations;
        var created = await CreateAsync(store, "c-1");

        Assert.Empty(await store.ReadMessagesAsync(new ConversationId("missing"), 0, 10, None));
        await Assert.ThrowsAnyAsync<ArgumentOutOfRangeException>(() => store.ReadMessagesAsync(created.Id, 0, 0, None).AsTask());
        await Assert.ThrowsAnyAsync<ArgumentOutOfRangeException>(() => store.ReadMessagesAsync(created.Id, -1, 10, None).AsTask());
    }

    /// <summary>Each conversation has its own log: numbers restart at 1 and pages never mix conversations.</summary>
    /// <returns>A task that completes when the test ends.</returns>
    [Fact]
    public async Task Each_conversation_has_its_own_log()
    {
        var store = (await CreateStorageAsync()).Conversations;
        var one = await CreateAsync(store, "c-1", contact: "k-1");
        var two = await CreateAsync(store, "c-2", contact: "k-2");
        await store.SaveAsync(Appending(one, 3), None);
        await store.SaveAsync(Appending(two, 1), None);

        Assert.Equal([1, 2, 3, 4], (await store.ReadMessagesAsync(one.Id, 0, 10, None)).Select(m => m.Sequence));
        Assert.Equal([1, 2], (await store.ReadMessagesAsync(two.Id, 0, 10, None)).Select(m => m.Sequence));
        Assert.All(await store.ReadMessagesAsync(two.Id, 0, 10, None), m => Assert.NotEqual("message 3", m.Text[..9]));
    }

    /// <summary>A write whose messages skip, repeat or mis-count numbers is refused, and neither the record nor the log changes.</summary>
    /// <param name="firstSequence">The number the appended message carries.</param>
    /// <param name="countAfter">The message count the written conversation carries.</param>
    /// <returns>A task that completes when the test ends.</returns>
    [Theory]
    [InlineData(1, 2)]
    [InlineData(3, 3)]
    [InlineData(2, 3)]
    [InlineData(2, 1)]
    public async Task Save_refuses_messages_that_do_not_continue_the_log(int firstSequence, int countAfter)
    {
        var store = (await CreateStorageAsync()).Conversations;
        var created = await CreateAsync(store, "c-1");
        var write = new ConversationWrite(Taken(created, "a-1") with { MessageCount = countAfter }) { Messages = [NumberedMessage(firstSequence)] };

        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.SaveAsync(write, None).AsTask());

        await AssertUnchangedAsync(store, created);
        Assert.Single(await store.ReadMessagesAsync(created.Id, 0, 10, None));
    }

    /// <summary>A stale write appends nothing: the message and the state stand or fall together.</summary>
    /// <returns>A task that completes when the test ends.</returns>
    [Fact]
    public async Task Save_refused_for_a_stale_version_appends_no_message()
    {
        var store = (await CreateStorageAsync()).Conversations;
        var read = await CreateAsync(store, "c-1");
        var winner = await store.SaveAsync(Appending(Taken(read, "a-1"), 1), None);

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => store.SaveAsync(Appending(read, 2), None).AsTask());

        await AssertUnchangedAsync(store, winner);
        Equivalence.AssertEquivalent<IReadOnlyList<Message>>([.. FirstWrite(read).Messages!, NumberedMessage(2)], await store.ReadMessagesAsync(read.Id, 0, 10, None));
    }

    /// <summary>A write whose capacity claim is refused appends nothing.</summary>
    /// <returns>A task that completes when the test ends.</returns>
    [Fact]
    public async Task Save_refused_for_capacity_appends_no_message()
    {
        var store = (await CreateStorageAsync()).Conversations;
        await ServedAsync(store, "c-0", "a-1");
        var queued = await CreateAsync(store, "c-1", contact: "k-9");

        await Assert.ThrowsAsync<CapacityExceededException>(() => store.SaveAsync(Appending(Taken(queued, "a-1"), 1, Claim("a-1", agentLimit: 1)), None).AsTask());

        await AssertUnchangedAsync(store, queued);
        Assert.Single(await store.ReadMessagesAsync(queued.Id, 0, 10, None));
    }

    /// <summary>Of many writers appending from the same version, exactly one's message is stored; the log has no gap or duplicate.</summary>
    /// <returns>A task that completes when the test ends.</returns>
    [Fact]
    public async Task Concurrent_appends_from_the_same_version_store_exactly_one_message()
    {
        var store = (await CreateStorageAsync()).Conversations;
        var read = await CreateAsync(store, "c-1");

        var outcomes = await Concurrently.RunAsync(ConcurrentWriters, i =>
            store.SaveAsync(new ConversationWrite(read with { MessageCount = 2, Topic = $"writer {i}" }) { Messages = [NumberedMessage(2) with { Text = $"writer {i}" }] }, None));

        var winner = Assert.Single(outcomes, o => o.Succeeded);
        Assert.All(outcomes.Where(o => !o.Succeeded), o => Assert.IsType<ConcurrencyConflictException>(o.Exception));
        var log = await store.ReadMessagesAsync(read.Id, 0, 10, None);
        Assert.Equal([1, 2], log.Select(m => m.Sequence));
        Assert.Equal(winner.Value!.Topic, log[1].Text);
    }

    /// <summary>A write without messages keeps the log and its count as they were.</summary>
    /// <returns>A task that completes when the test ends.</returns>
    [Fact]
    public async Task Save_without_messages_keeps_the_log()
    {
        var store = (await CreateStorageAsync()).Conversations;
        var created = await CreateAsync(store, "c-1");
        var appended = await store.SaveAsync(Appending(created, 2), None);

        var taken = await SaveAsync(store, Taken(appended, "a-1"));

        Assert.Equal(3, taken.MessageCount);
        Assert.Equal([1, 2, 3], (await store.ReadMessagesAsync(created.Id, 0, 10, None)).Select(m => m.Sequence));
    }
}
