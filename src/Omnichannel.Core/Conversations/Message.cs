using System.Collections.Immutable;
using NodaTime;

namespace Omnichannel.Conversations;

/// <summary>One message of a conversation.</summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
public sealed record Message
{
    /// <summary>The message's position in its conversation: 1, 2, 3, ...</summary>
    public required int Sequence { get; init; }

    /// <summary>Who wrote it.</summary>
    public required AuthorKind AuthorKind { get; init; }

    /// <summary>The author's identifier: the agent or contact id, the bot's name; for a system message what it is about (<see cref="SystemMessageSources"/>) or null.</summary>
    public string? AuthorId { get; init; }

    /// <summary>The text as written (never interpreted as markup by the library).</summary>
    public required string Text { get; init; }

    /// <summary>When the library received it.</summary>
    public required Instant SentAt { get; init; }

    /// <summary>Files attached to the message.</summary>
    public ImmutableArray<Attachment> Attachments { get; init; } = [];
}
