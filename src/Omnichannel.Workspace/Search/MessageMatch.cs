namespace Omnichannel.Workspace.Search;

/// <summary>Where a search matched, for highlighting: a range of one message's text.</summary>
/// <param name="ConversationId">The conversation of the message.</param>
/// <param name="Sequence">The message's <see cref="Conversations.Message.Sequence"/>.</param>
/// <param name="Index">The index of the first matched character in the message's text.</param>
/// <param name="Length">The number of matched characters (at least 1).</param>
/// <remarks>This type is an immutable value and is thread-safe.</remarks>
public readonly record struct MessageMatch(ConversationId ConversationId, int Sequence, int Index, int Length);
