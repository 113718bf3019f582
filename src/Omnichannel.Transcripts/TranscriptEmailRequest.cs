using NodaTime;
using Omnichannel.Conversations;

namespace Omnichannel.Transcripts;

/// <summary>A request, made during a conversation, to email its transcript when it closes.</summary>
/// <param name="Id">The request's identifier (the id of the outbox record that holds it).</param>
/// <param name="ConversationId">The conversation.</param>
/// <param name="Address">The recipient's address, validated.</param>
/// <param name="Subject">The subject, one line.</param>
/// <param name="RequestedBy">Who asked: an agent, the contact, or the system.</param>
/// <param name="RequestedAt">When it was asked.</param>
/// <remarks>This type is immutable and thread-safe.</remarks>
public sealed record TranscriptEmailRequest(string Id, ConversationId ConversationId, string Address, string Subject, Actor RequestedBy, Instant RequestedAt);
