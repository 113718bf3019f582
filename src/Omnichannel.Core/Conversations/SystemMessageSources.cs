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

    /// <summary>An agent took the conversation, or routing assigned it to them (the anchor's <c>uj</c>, "user joined").</summary>
    public const string AgentJoined = "agent-joined";

    /// <summary>The serving agent placed the conversation on hold (the anchor's <c>omnichannel_placed_chat_on_hold</c>).</summary>
    public const string PlacedOnHold = "placed-on-hold";

    /// <summary>
    /// An on-hold conversation resumed: the agent resumed it, or the contact wrote again (the anchor's
    /// <c>omnichannel_on_hold_chat_resumed</c>).
    /// </summary>
    public const string Resumed = "resumed";

    /// <summary>The conversation went back to its department's queue (the anchor's <c>livechat_transfer_history</c> with scope queue).</summary>
    public const string ReturnedToQueue = "returned-to-queue";

    /// <summary>The conversation was closed, with the closing comment when there is one (the anchor's <c>livechat-close</c>).</summary>
    public const string Closed = "closed";
}
