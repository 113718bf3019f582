using System.Collections.Immutable;
using NodaTime;
using Omnichannel.Agents;
using Omnichannel.Contacts;
using Omnichannel.Conversations;
using Omnichannel.Departments;

namespace Omnichannel.Transcripts.Tests.Support;

/// <summary>Conversations built directly (no services), for model and renderer tests and benchmarks-like sizes.</summary>
public static class SampleConversations
{
    public static readonly Instant Start = Instant.FromUtc(2024, 5, 1, 8, 0);

    public static readonly Agent Alice = new() { Id = new AgentId("alice"), Username = "alice", DisplayName = "Alice Martin" };

    public static readonly Agent Bob = new() { Id = new AgentId("bob"), Username = "bob" };

    public static readonly Contact Carol = new() { Id = new ContactId("carol"), Name = "Carol", Emails = ["carol@example.com"] };

    public static readonly Department Support = new() { Id = new DepartmentId("support"), Name = "Support" };

    public static TranscriptSources Sources => new() { Contact = Carol, Department = Support, Agents = [Alice, Bob] };

    /// <summary>A closed conversation: contact, alice, a system message, bob (invited), with tags and a comment.</summary>
    public static SampleConversation Closed(params Message[] extra)
    {
        var messages = ImmutableList.CreateBuilder<Message>();
        Add(messages, AuthorKind.Contact, "carol", "Hello, my invoice is wrong.", 0);
        Add(messages, AuthorKind.Agent, "alice", "Let me check that for you.", 45);
        Add(messages, AuthorKind.System, null, "Conversation forwarded to bob.", 60);
        Add(messages, AuthorKind.Agent, "bob", "Fixed: the duplicate is cancelled.", 120);
        Add(messages, AuthorKind.Bot, "HelpBot", "Rate this conversation.", 130);
        foreach (var message in extra)
        {
            messages.Add(message with { Sequence = messages.Count + 1 });
        }

        return new SampleConversation(new Conversation
        {
            Id = new ConversationId("c-1"),
            ContactId = Carol.Id,
            DepartmentId = Support.Id,
            State = ConversationState.Closed,
            PreviousAgentId = Alice.Id,
            Participants = [Bob.Id],
            MessageCount = messages.Count,
            FirstResponseTime = Duration.FromSeconds(45), // the record's figures, as the service keeps them: carol at 0 s, alice at 45 s
            ResponseTimeTotal = Duration.FromSeconds(45),
            ResponseCount = 1,
            CreatedAt = Start,
            QueuedAt = Start,
            FirstTakenAt = Start + Duration.FromSeconds(30),
            ClosedAt = Start + Duration.FromMinutes(5),
            ClosedBy = Actor.Agent(Alice.Id),
            Tags = ["billing", "refund"],
            ClosingComment = "Refunded the duplicate.",
            Topic = "Invoice 42",
            Priority = ConversationPriority.High,
        }, messages.ToImmutable());
    }

    public static Message Message(AuthorKind kind, string? author, string text, int secondsAfterStart = 200, params Attachment[] attachments) => new()
    {
        Sequence = 0,
        AuthorKind = kind,
        AuthorId = author,
        Text = text,
        SentAt = Start + Duration.FromSeconds(secondsAfterStart),
        Attachments = [.. attachments],
    };

    /// <summary>A closed conversation of <paramref name="count"/> messages alternating contact and agent.</summary>
    public static SampleConversation WithMessages(int count, int wordsPerMessage = 12)
    {
        var messages = ImmutableList.CreateBuilder<Message>();
        var words = string.Join(' ', Enumerable.Range(0, wordsPerMessage).Select(i => i % 3 == 0 ? "invoice" : i % 3 == 1 ? "payment" : "refunded"));
        for (var i = 0; i < count; i++)
        {
            messages.Add(new Message
            {
                Sequence = i + 1,
                AuthorKind = i % 2 == 0 ? AuthorKind.Contact : AuthorKind.Agent,
                AuthorId = i % 2 == 0 ? "carol" : "alice",
                Text = $"Message {i + 1}: {words}",
                SentAt = Start + Duration.FromSeconds(i * 10),
            });
        }

        var closed = Closed().Conversation with { MessageCount = count, ClosedAt = Start + Duration.FromSeconds(count * 10) };
        return new SampleConversation(closed, messages.ToImmutable());
    }

    private static void Add(ImmutableList<Message>.Builder messages, AuthorKind kind, string? author, string text, int seconds) =>
        messages.Add(new Message { Sequence = messages.Count + 1, AuthorKind = kind, AuthorId = author, Text = text, SentAt = Start + Duration.FromSeconds(seconds) });
}

/// <summary>A sample conversation record and the messages of its log.</summary>
public sealed record SampleConversation(Conversation Conversation, ImmutableList<Message> Messages)
{
    /// <summary>Its transcript.</summary>
    public Transcript Transcribe(TranscriptSources sources, TranscriptSettings settings, Instant now) =>
        Transcript.Create(Conversation, Messages, sources, settings, now);
}
