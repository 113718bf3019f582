using Omnichannel.Conversations;

namespace Omnichannel.Storage;

/// <summary>One atomic change to a stored conversation.</summary>
/// <param name="Conversation">The new content; its <see cref="Conversation.Version"/> is the version that was read.</param>
/// <param name="Claim">When set, the write also makes an agent serve it and must respect their capacity.</param>
/// <param name="Outbox">Delivery jobs (version 0, pending) stored in the same atomic write; none when null.</param>
/// <remarks>This type is an immutable value and is thread-safe.</remarks>
public readonly record struct ConversationWrite(Conversation Conversation, CapacityClaim? Claim = null, IReadOnlyList<OutboxMessage>? Outbox = null);
