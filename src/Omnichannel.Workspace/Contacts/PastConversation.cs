using Omnichannel.Conversations;

namespace Omnichannel.Workspace.Contacts;

/// <summary>A past conversation opened from the chat history, read-only: the record and a page of its messages.</summary>
/// <param name="Conversation">The closed conversation.</param>
/// <param name="Messages">A page of its messages, oldest first.</param>
/// <remarks>This type is immutable and thread-safe.</remarks>
public sealed record PastConversation(Conversation Conversation, IReadOnlyList<Message> Messages);
