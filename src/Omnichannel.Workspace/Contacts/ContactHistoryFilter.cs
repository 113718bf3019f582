using Omnichannel.Conversations;

namespace Omnichannel.Workspace.Contacts;

/// <summary>Which past conversations of a contact to list: those from a channel type and/or a host app (<see cref="Conversations.Conversation.Source"/>).</summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
public sealed record ContactHistoryFilter
{
    /// <summary>Only conversations from this channel type (ignoring case); null for any.</summary>
    public string? ChannelType { get; init; }

    /// <summary>Only conversations received by this host app (ordinal); null for any.</summary>
    public string? App { get; init; }

    /// <summary>True when a conversation from <paramref name="source"/> passes the filter (one without a source passes only an empty filter).</summary>
    /// <param name="source">The conversation's source.</param>
    public bool Matches(ConversationSource? source) =>
        (ChannelType is null || string.Equals(source?.ChannelType, ChannelType, StringComparison.OrdinalIgnoreCase))
        && (App is null || string.Equals(source?.App, App, StringComparison.Ordinal));
}
