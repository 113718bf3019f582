using NodaTime;
using Omnichannel.Capacity;
using Omnichannel.Conversations;
using Omnichannel.Outbox;
using Omnichannel.Storage;

namespace Omnichannel.Storage.PostgreSql.Tests;

/// <summary>Small entities for the adapter's own tests (the conformance kit has its own).</summary>
internal static class TestData
{
    public static readonly Instant Epoch = Instant.FromUtc(2025, 3, 3, 9, 0);

    public static Instant At(int seconds) => Epoch + Duration.FromSeconds(seconds);

    public static ConversationWrite FirstMessage(string id, string contact = "k-1", string department = "d-1") => new(new Conversation
    {
        Id = new ConversationId(id),
        ContactId = new ContactId(contact),
        DepartmentId = new DepartmentId(department),
        CreatedAt = Epoch,
        QueuedAt = Epoch,
        LastAuthorKind = AuthorKind.Contact,
        MessageCount = 1,
        ContactWaitingSince = Epoch,
    })
    {
        Messages = [Message(1, "Hello, I need help.")],
    };

    public static Message Message(int sequence, string text) =>
        new() { Sequence = sequence, AuthorKind = AuthorKind.Contact, AuthorId = "k-1", Text = text, SentAt = At(sequence) };

    public static async Task<Conversation> CreateAsync(IConversationStore store, string id, string contact = "k-1", string department = "d-1")
    {
        var (conversation, created) = await store.CreateOrGetOpenAsync(FirstMessage(id, contact, department), CancellationToken.None);
        Assert.True(created);
        return conversation;
    }

    public static Conversation Taken(Conversation conversation, string agent) =>
        conversation with { State = ConversationState.Taken, ServingAgentId = new AgentId(agent), FirstTakenAt = conversation.CreatedAt };

    public static CapacityClaim Claim(string agent, int agentLimit, string department = "d-1") =>
        new(new AgentId(agent), new DepartmentId(department), agentLimit, 0, CountOnHold: false);

    public static OutboxMessage Job(string id, ConversationId conversation) =>
        new() { Id = id, Kind = "transcript.email", ConversationId = conversation, CreatedAt = Epoch, DueAt = Epoch };

    /// <summary>Starts every call at the same moment and collects results or exceptions.</summary>
    public static async Task<(T? Value, Exception? Error)[]> RaceAsync<T>(int count, Func<int, Task<T>> call)
    {
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tasks = Enumerable.Range(0, count).Select(i => Task.Run(async () =>
        {
            await start.Task;
            try
            {
                return ((T?)await call(i), (Exception?)null);
            }
            catch (Exception exception)
            {
                return (default, exception);
            }
        })).ToArray();
        start.SetResult();
        return await Task.WhenAll(tasks);
    }
}
