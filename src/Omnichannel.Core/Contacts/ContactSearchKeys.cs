using System.Text;

namespace Omnichannel.Contacts;

/// <summary>
/// The keys storage adapters index contacts by, computed here once so that every store finds the same contacts: the
/// channel keys (type and identifier, upper-cased), the search keys (name, its words, emails, phone digits, upper-cased)
/// and the sort key (the name upper-cased); and the bounds of a prefix range.
/// </summary>
/// <remarks>This type is stateless and thread-safe.</remarks>
public static class ContactSearchKeys
{
    /// <summary>The key of channel <paramref name="type"/>/<paramref name="identifier"/>.</summary>
    /// <param name="type">The channel type.</param>
    /// <param name="identifier">The identifier.</param>
    /// <returns>The key.</returns>
    public static string Channel(string type, string identifier)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(identifier);
        return ContactRules.ChannelKey(type.Trim(), identifier.Trim());
    }

    /// <summary>The channel keys of a contact, without duplicates.</summary>
    /// <param name="contact">The contact.</param>
    /// <returns>The keys.</returns>
    public static IReadOnlyList<string> Channels(Contact contact)
    {
        ArgumentNullException.ThrowIfNull(contact);
        return contact.Channels.IsDefault ? [] : [.. contact.Channels.Where(static c => c is not null).Select(static c => Channel(c.Type ?? string.Empty, c.Identifier ?? string.Empty)).Distinct(StringComparer.Ordinal)];
    }

    /// <summary>The search keys of a contact, without duplicates.</summary>
    /// <param name="contact">The contact.</param>
    /// <returns>The keys.</returns>
    public static IReadOnlyList<string> Search(Contact contact)
    {
        ArgumentNullException.ThrowIfNull(contact);
        return [.. ContactRules.SearchKeys(contact)];
    }

    /// <summary>The sort key of a contact in search results (then its id).</summary>
    /// <param name="contact">The contact.</param>
    /// <returns>The key.</returns>
    public static string Sort(Contact contact)
    {
        ArgumentNullException.ThrowIfNull(contact);
        return ContactRules.SortKey(contact);
    }

    /// <summary>The key a query's text searches for; null when it has none (every contact).</summary>
    /// <param name="text">The query's text.</param>
    /// <returns>The key.</returns>
    public static string? Query(string? text) => ContactRules.QueryKey(text);

    /// <summary>
    /// The smallest string greater, in code-point order (SQLite's BINARY and PostgreSQL's "C" collation on UTF-8), than
    /// every string starting with <paramref name="prefix"/>; null when there is none (only U+10FFFF characters).
    /// A prefix range is <c>key &gt;= prefix AND key &lt; bound</c>.
    /// </summary>
    /// <param name="prefix">The prefix.</param>
    /// <returns>The bound.</returns>
    public static string? UpperBound(string prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        var runes = prefix.EnumerateRunes().ToList();
        while (runes.Count > 0)
        {
            var last = runes[^1].Value;
            runes.RemoveAt(runes.Count - 1);
            if (last == 0x10FFFF)
            {
                continue;
            }

            var next = last + 1;
            if (next is >= 0xD800 and <= 0xDFFF)
            {
                next = 0xE000;
            }

            var builder = new StringBuilder();
            foreach (var rune in runes)
            {
                builder.Append(rune.ToString());
            }

            return builder.Append(new Rune(next).ToString()).ToString();
        }

        return null;
    }
}
