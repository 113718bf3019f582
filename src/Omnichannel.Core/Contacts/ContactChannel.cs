namespace Omnichannel.Contacts;

/// <summary>
/// One channel a contact writes from: its type (<see cref="ContactChannelTypes"/>, or a host's own word) and its
/// identifier there (a visitor token, an email address, a phone number, an account id).
/// </summary>
/// <param name="Type">The channel type: a non-blank word of at most 32 characters (letters, digits, '-', '_', '.'), compared ignoring case.</param>
/// <param name="Identifier">The contact's identifier on that channel: one line, not blank; compared ignoring case.</param>
/// <remarks>This type is immutable and thread-safe.</remarks>
public sealed record ContactChannel(string Type, string Identifier)
{
    /// <summary>Whether messages from this channel are refused. Default: false.</summary>
    public bool Blocked { get; init; }

    /// <summary>True when this is the channel <paramref name="type"/>/<paramref name="identifier"/> (ignoring case).</summary>
    /// <param name="type">The channel type.</param>
    /// <param name="identifier">The identifier.</param>
    public bool Is(string type, string identifier) =>
        string.Equals(Type, type, StringComparison.OrdinalIgnoreCase) && string.Equals(Identifier, identifier, StringComparison.OrdinalIgnoreCase);
}
