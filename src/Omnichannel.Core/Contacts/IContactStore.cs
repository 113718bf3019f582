using Omnichannel.Storage;

namespace Omnichannel.Contacts;

/// <summary>Stores contacts, found by id, by any of their channels, and by a search of names, emails and phones.</summary>
/// <remarks>Implementations must be thread-safe.</remarks>
public interface IContactStore : IVersionedStore<ContactId, Contact>
{
    /// <summary>
    /// The contact with the channel <paramref name="type"/>/<paramref name="identifier"/> (compared ignoring case),
    /// blocked or not; when several contacts list it, the one with the smallest id (ordinal). Indexed.
    /// </summary>
    /// <param name="type">The channel type.</param>
    /// <param name="identifier">The identifier on that channel.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The contact, or null.</returns>
    ValueTask<Contact?> FindByChannelAsync(string type, string identifier, CancellationToken cancellationToken);

    /// <summary>
    /// One page of the contacts whose search keys (<see cref="ContactSearchQuery"/>) start with the query's key, in order
    /// of name (upper-cased, ordinal) then id; every contact when the query has no text. Indexed: a page costs a range
    /// read of the keys, not a scan of the contacts.
    /// </summary>
    /// <param name="query">The text and the page.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The page.</returns>
    ValueTask<ContactPage> SearchAsync(ContactSearchQuery query, CancellationToken cancellationToken);
}
