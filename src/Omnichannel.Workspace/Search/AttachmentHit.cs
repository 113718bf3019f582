using NodaTime;
using Omnichannel.Conversations;

namespace Omnichannel.Workspace.Search;

/// <summary>A file attached to a conversation's message, as listed in the attachments panel.</summary>
/// <param name="ConversationId">The conversation.</param>
/// <param name="MessageSequence">The <see cref="Message.Sequence"/> of the message carrying it.</param>
/// <param name="AuthorKind">Who sent it.</param>
/// <param name="AuthorId">The sender's identifier (agent or contact id); null for system messages.</param>
/// <param name="SentAt">When it was sent.</param>
/// <param name="Attachment">The file: name, media type, size and the host's storage reference.</param>
/// <param name="Kind">Its kind, from the media type.</param>
/// <remarks>This type is immutable and thread-safe.</remarks>
public sealed record AttachmentHit(ConversationId ConversationId, int MessageSequence, AuthorKind AuthorKind, string? AuthorId, Instant SentAt, Attachment Attachment, AttachmentKind Kind);
