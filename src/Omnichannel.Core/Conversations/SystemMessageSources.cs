namespace Omnichannel.Conversations;

/// <summary>
/// What a system message is about: the library writes it as the message's <see cref="Message.AuthorId"/> (system messages
/// have no author), so transcripts and screens can tell a forward or a call from other notices.
/// </summary>
/// <remarks>Constants only; thread-safe.</remarks>
public static class SystemMessageSources
{
    /// <summary>A completed forward: who forwarded the conversation to whom, with the comment.</summary>
    public const string Forward = "forward";

    /// <summary>A call started or ended; transcripts show these by default.</summary>
    public const string Call = "call";
}
