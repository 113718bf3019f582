namespace Omnichannel.Conversations;

/// <summary>
/// Where a conversation came from: the type of the contact's channel (<see cref="Contacts.ContactChannelTypes"/> or a
/// host's own), the contact's identifier there, and the host application that received it.
/// </summary>
/// <param name="ChannelType">The channel type, as in <see cref="Contacts.ContactChannel.Type"/>.</param>
/// <remarks>This type is immutable and thread-safe.</remarks>
public sealed record ConversationSource(string ChannelType)
{
    /// <summary>The contact's identifier on the channel; optional. When null, every channel of the type is meant (any blocked one refuses).</summary>
    public string? Identifier { get; init; }

    /// <summary>The host application that received the conversation (for example "website" or an app id); optional.</summary>
    public string? App { get; init; }
}
