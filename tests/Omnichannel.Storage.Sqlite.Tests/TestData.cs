using NodaTime;
using Omnichannel.Capacity;
using Omnichannel.Conversations;
using Omnichannel.Storage;

namespace Omnichannel.Storage.Sqlite.Tests;

/// <summary>Small entities for the adapter's own tests.</summary>
internal static class TestData
{
    public static readonly Instant Epoch = Instant.FromUtc(2026, 1, 5, 9, 0);

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
        Messages = [new Message { Sequence = 1, AuthorKind = AuthorKind.Contact, AuthorId = contact, Text = "Hello", SentAt = Epoch }],
    };

    public static Conversation Taken(Conversation conversation, string agent) =>
        conversation with { State = ConversationState.Taken, ServingAgentId = new AgentId(agent), FirstTakenAt = conversation.CreatedAt };

    public static CapacityClaim Claim(string agent, int agentLimit, string department = "d-1") =>
        new(new AgentId(agent), new DepartmentId(department), agentLimit, 0, CountOnHold: false);
}
