namespace Omnichannel.Conversations;

/// <summary>The reasons the library records when it closes a conversation itself (<see cref="Conversation.CloseReason"/>).</summary>
/// <remarks>Constants only; thread-safe.</remarks>
public static class CloseReasons
{
    /// <summary>The contact stopped writing for longer than <c>OmnichannelOptions.CloseAbandonedAfter</c>.</summary>
    public const string Abandoned = "abandoned";

    /// <summary>The conversation stayed on hold for longer than <c>OmnichannelOptions.CloseOnHoldAfter</c>.</summary>
    public const string OnHoldTimeout = "on-hold-timeout";

    /// <summary>
    /// The contact's channel the conversation came from was blocked (<c>IContactService.SetChannelBlockedAsync</c>), so the
    /// system closed it, as the anchor does.
    /// </summary>
    public const string ChannelBlocked = "channel-blocked";
}
