using NodaTime;
using Omnichannel.Conversations;
using Omnichannel.Outbox;
using Omnichannel.Storage;

namespace Omnichannel.Core.Tests.Storage;

/// <summary>The few entities the tests of the fakes store directly.</summary>
internal static class StorageTestData
{
    public static readonly Instant Start = Instant.FromUtc(2025, 3, 3, 9, 0);

    public static readonly ConversationId Id = new("c-1");

    public static Conversation NewConversation() => new()
    {
        Id = Id,
        ContactId = new ContactId("k-1"),
        DepartmentId = new DepartmentId("d-1"),
        CreatedAt = Start,
        QueuedAt = Start,
    };

    public static OutboxMessage NewJob() => new() { Id = "j-1", Kind = "transcript.email", ConversationId = Id, CreatedAt = Start, DueAt = Start };
}
