using System.Collections.Immutable;
using NodaTime;
using Omnichannel.Conversations;

namespace Omnichannel.Transcripts;

/// <summary>One message of a transcript, with its author's name as the transcript shows it.</summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
public sealed record TranscriptEntry
{
    /// <summary>The message's position in the conversation: 1, 2, 3, ...</summary>
    public required int Sequence { get; init; }

    /// <summary>Who wrote it.</summary>
    public required AuthorKind AuthorKind { get; init; }

    /// <summary>The author as shown: the contact's or agent's name, "Agent" when names are hidden, the bot's name, or "System".</summary>
    public required string AuthorName { get; init; }

    /// <summary>When it was sent, in the transcript's time zone.</summary>
    public required ZonedDateTime SentAt { get; init; }

    /// <summary>The text as written; escape it in markup.</summary>
    public required string Text { get; init; }

    /// <summary>Files attached to the message.</summary>
    public ImmutableArray<Attachment> Attachments { get; init; } = [];
}
