using Omnichannel.Validation;

namespace Omnichannel.Contacts;

/// <summary>Shared checks of contact channel types and the keys contacts are searched and found by.</summary>
internal static class ContactRules
{
    /// <summary>The problem with a channel type ("widget", "email", "phone", a host's word), or null.</summary>
    public static string? ChannelTypeProblem(string? type, string what) =>
        string.IsNullOrWhiteSpace(type) || type.Length > ChannelRules.MaxLength || !type.All(static c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')
            ? $"The {what} '{Require.Shorten(type)}' is not valid: a word of 1 to {ChannelRules.MaxLength} letters, digits, '-', '_' or '.', such as \"widget\", \"email\" or \"phone\"."
            : null;

    /// <summary>The key a channel is found by: type and identifier upper-cased (invariant), as ordinal-ignore-case compares.</summary>
    public static string ChannelKey(string type, string identifier) => type.ToUpperInvariant() + ":" + identifier.ToUpperInvariant();

    /// <summary>
    /// The search keys of a contact, each a prefix a search may match: every word of the name and the whole name, every
    /// email address, every phone number's digits; upper-cased (invariant). Stores index them.
    /// </summary>
    public static IEnumerable<string> SearchKeys(Contact contact)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        var name = (contact.Name ?? string.Empty).Trim().ToUpperInvariant();
        if (name.Length > 0)
        {
            keys.Add(name);
            foreach (var word in name.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                keys.Add(word);
            }
        }

        foreach (var email in contact.Emails.IsDefault ? [] : contact.Emails)
        {
            if (!string.IsNullOrWhiteSpace(email))
            {
                keys.Add(email.Trim().ToUpperInvariant());
            }
        }

        foreach (var phone in contact.Phones.IsDefault ? [] : contact.Phones)
        {
            if (PhoneDigits(phone) is { Length: > 0 } digits)
            {
                keys.Add(digits);
            }
        }

        return keys;
    }

    /// <summary>
    /// The search key of a query: its digits when it looks like a phone number (digits with '+', spaces, '-', '.', parentheses),
    /// else the text upper-cased; null when blank.
    /// </summary>
    public static string? QueryKey(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var trimmed = text.Trim();
        var digits = PhoneDigits(trimmed);
        return digits.Length > 0 && trimmed.All(static c => char.IsAsciiDigit(c) || c is '+' or ' ' or '-' or '.' or '(' or ')') ? digits : trimmed.ToUpperInvariant();
    }

    /// <summary>The sort key of a contact in search results: its name upper-cased, then its id.</summary>
    public static string SortKey(Contact contact) => (contact.Name ?? string.Empty).Trim().ToUpperInvariant();

    private static string PhoneDigits(string? phone) => phone is null ? string.Empty : new string([.. phone.Where(char.IsAsciiDigit)]);
}
