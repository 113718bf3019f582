namespace Omnichannel.Workspace.Calls;

/// <summary>A call the provider set up: its identifier in the call app and the links to join it.</summary>
/// <param name="CallId">The call app's identifier of the call (a meeting or room id), used to end it and to report its end.</param>
/// <param name="JoinUrl">The link the agent opens to join.</param>
/// <remarks>This type is immutable and thread-safe.</remarks>
public sealed record CallStart(string CallId, Uri JoinUrl)
{
    /// <summary>The link the contact opens to join, posted in the conversation; <see cref="JoinUrl"/> when null.</summary>
    public Uri? ContactJoinUrl { get; init; }
}
