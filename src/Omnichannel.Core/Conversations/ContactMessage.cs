namespace Omnichannel.Conversations;

/// <summary>A message a contact sends, with the channel it comes from (for per-channel capacity).</summary>
/// <param name="Contact">The contact (registered in the contact store).</param>
/// <param name="Department">The department addressed.</param>
/// <param name="Text">The message.</param>
/// <remarks>This type is immutable and thread-safe.</remarks>
public sealed record ContactMessage(ContactId Contact, DepartmentId Department, string Text)
{
    /// <summary>Files attached; none by default.</summary>
    public IReadOnlyList<Attachment>? Attachments { get; init; }

    /// <summary>
    /// The channel ("chat", "call", "email", ...): a non-blank word of at most 32 characters. It is the channel of a
    /// conversation this message starts; a message to an open conversation keeps that conversation's channel.
    /// Default: <see cref="Conversation.DefaultChannel"/>.
    /// </summary>
    public string Channel { get; init; } = Conversation.DefaultChannel;

    /// <summary>
    /// Where the message comes from: the contact's channel and the host application. A message from a channel the
    /// contact has blocked is refused (<see cref="Operations.OperationErrorCode.ChannelBlocked"/>); a conversation it starts records
    /// it. Optional.
    /// </summary>
    public ConversationSource? Source { get; init; }
}
