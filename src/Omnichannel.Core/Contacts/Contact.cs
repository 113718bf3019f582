using System.Collections.Immutable;
using Omnichannel.Storage;

namespace Omnichannel.Contacts;

/// <summary>The customer writing in from a channel (web widget, email, SMS, ...).</summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
public sealed record Contact : IVersioned<Contact>
{
    /// <summary>The contact's identifier.</summary>
    public required ContactId Id { get; init; }

    /// <summary>The contact's name.</summary>
    public required string Name { get; init; }

    /// <summary>Email addresses, the first being the primary one.</summary>
    public ImmutableArray<string> Emails { get; init; } = [];

    /// <summary>Phone numbers, the first being the primary one.</summary>
    public ImmutableArray<string> Phones { get; init; } = [];

    /// <summary>Host-defined fields (for example a CRM id).</summary>
    public ImmutableDictionary<string, string> CustomFields { get; init; } = ImmutableDictionary<string, string>.Empty;

    /// <summary>The agent who manages this contact (a contact manager), preferred by routing when eligible; optional.</summary>
    public AgentId? ManagerId { get; init; }

    /// <summary>
    /// The channels the contact writes from (widget, email, phone, or a host's own), each with its identifier; the
    /// contact is found by any of them (<see cref="IContactStore.FindByChannelAsync"/>). Default: none.
    /// </summary>
    public ImmutableArray<ContactChannel> Channels { get; init; } = [];

    /// <summary>
    /// Whether the contact is not identified yet (an anonymous visitor). Cleared when an edit gives the contact a name
    /// or an email address. Default: false.
    /// </summary>
    public bool IsUnknown { get; init; }

    /// <inheritdoc />
    public long Version { get; init; }

    /// <inheritdoc />
    public Contact WithVersion(long version) => this with { Version = version };
}
