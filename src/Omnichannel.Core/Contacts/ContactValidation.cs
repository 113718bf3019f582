using System.Collections.Immutable;
using System.Net.Mail;

namespace Omnichannel.Contacts;

/// <summary>Normalizes (trims) and checks contact information against <see cref="ContactLimits"/>.</summary>
internal static class ContactValidation
{
    /// <summary>The contact with its name, emails and phones trimmed, and every problem found (empty when valid).</summary>
    public static (Contact Normalized, IReadOnlyList<string> Problems) Check(Contact contact)
    {
        var problems = new List<string>();
        var normalized = contact with
        {
            Name = contact.Name?.Trim() ?? string.Empty,
            Emails = contact.Emails.IsDefault ? [] : [.. contact.Emails.Select(static e => e?.Trim() ?? string.Empty)],
            Phones = contact.Phones.IsDefault ? [] : [.. contact.Phones.Select(static p => p?.Trim() ?? string.Empty)],
            CustomFields = contact.CustomFields ?? ImmutableDictionary<string, string>.Empty,
            Channels = contact.Channels.IsDefault ? [] : [.. contact.Channels.Select(static c => c is null ? null! : c with { Type = c.Type?.Trim()!, Identifier = c.Identifier?.Trim()! })],
        };
        CheckChannels(normalized.Channels, problems);

        CheckName(normalized.Name, problems);
        CheckList(normalized.Emails, "email address", "email addresses", ContactLimits.MaxEmails, EmailProblem, problems);
        CheckList(normalized.Phones, "phone number", "phone numbers", ContactLimits.MaxPhones, PhoneProblem, problems);
        CheckCustomFields(normalized.CustomFields, problems);
        return (normalized, problems);
    }

    private static void CheckName(string name, List<string> problems)
    {
        if (Validation.TextRules.IsBlank(name))
        {
            problems.Add("The name is empty.");
        }
        else if (name.Length > ContactLimits.MaxNameLength)
        {
            problems.Add($"The name has {name.Length} characters; at most {ContactLimits.MaxNameLength} are accepted.");
        }
        else if (name.Any(char.IsControl))
        {
            problems.Add("The name contains control characters (line breaks, tabs).");
        }
        else if (Validation.TextRules.FirstInvalid(name, singleLine: true) is { } invalid)
        {
            problems.Add($"The name contains {invalid}.");
        }
    }

    private static void CheckList(ImmutableArray<string> values, string what, string plural, int max, Func<string, string?> problemOf, List<string> problems)
    {
        if (values.Length > max)
        {
            // Checking each of a huge list would only make a huge message.
            problems.Add($"There are {values.Length} {plural}; at most {max} are accepted.");
            return;
        }

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var value in values)
        {
            if (problemOf(value) is { } problem)
            {
                problems.Add(problem);
            }
            else if (!seen.Add(value))
            {
                problems.Add($"The {what} '{value}' is listed twice.");
            }
        }
    }

    internal static string? EmailProblem(string email)
    {
        if (email.Length == 0)
        {
            return "An email address is empty.";
        }

        if (email.Length > ContactLimits.MaxEmailLength)
        {
            return $"The email address '{Validation.Require.Shorten(email)}' has {email.Length} characters; at most {ContactLimits.MaxEmailLength} are accepted.";
        }

        var at = email.LastIndexOf('@');
        var domain = at < 0 ? string.Empty : email[(at + 1)..];
        var valid = at > 0 && at <= 64 && !email.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)) && Validation.TextRules.FirstInvalid(email, singleLine: true) is null
            && domain.Contains('.', StringComparison.Ordinal) && !domain.StartsWith('.') && !domain.EndsWith('.') && !domain.Contains("..", StringComparison.Ordinal)
            && MailAddress.TryCreate(email, out var parsed) && parsed.Address == email && string.IsNullOrEmpty(parsed.DisplayName);
        return valid ? null : $"'{Validation.Require.Shorten(email)}' is not an email address (expected name@example.com).";
    }

    private static string? PhoneProblem(string phone)
    {
        if (phone.Length == 0)
        {
            return "A phone number is empty.";
        }

        if (phone.Length > ContactLimits.MaxPhoneLength)
        {
            return $"The phone number '{Validation.Require.Shorten(phone)}' has {phone.Length} characters; at most {ContactLimits.MaxPhoneLength} are accepted.";
        }

        var digits = phone.Count(char.IsAsciiDigit);
        var wellFormed = phone.Select((c, i) => char.IsAsciiDigit(c) || c is ' ' or '-' or '(' or ')' or '.' || (c == '+' && i == 0)).All(static ok => ok);
        return wellFormed && digits is >= ContactLimits.MinPhoneDigits and <= ContactLimits.MaxPhoneDigits ? null
            : $"'{phone}' is not a phone number (expected {ContactLimits.MinPhoneDigits} to {ContactLimits.MaxPhoneDigits} digits, optionally a leading '+', spaces, '-', '.', and parentheses; for example +1 (555) 010-2030).";
    }

    private static void CheckChannels(ImmutableArray<ContactChannel> channels, List<string> problems)
    {
        if (channels.Length > ContactLimits.MaxChannels)
        {
            problems.Add($"There are {channels.Length} channels; at most {ContactLimits.MaxChannels} are accepted.");
            return;
        }

        var seen = new HashSet<(string, string)>();
        foreach (var channel in channels)
        {
            if (channel is null)
            {
                problems.Add("A channel is missing (null).");
            }
            else if (ContactRules.ChannelTypeProblem(channel.Type, "channel type") is { } badType)
            {
                problems.Add(badType);
            }
            else if (Validation.TextRules.Problem(channel.Identifier, $"{channel.Type} channel identifier", ContactLimits.MaxChannelIdentifierLength, "ContactLimits.MaxChannelIdentifierLength", singleLine: true) is { } badIdentifier)
            {
                problems.Add(badIdentifier);
            }
            else if (!seen.Add((channel.Type.ToUpperInvariant(), channel.Identifier.ToUpperInvariant())))
            {
                problems.Add($"The {channel.Type} channel '{Validation.Require.Shorten(channel.Identifier)}' is listed twice.");
            }
        }
    }

    private static void CheckCustomFields(ImmutableDictionary<string, string> fields, List<string> problems)
    {
        if (fields.Count > ContactLimits.MaxCustomFields)
        {
            problems.Add($"There are {fields.Count} custom fields; at most {ContactLimits.MaxCustomFields} are accepted.");
            return;
        }

        foreach (var (name, value) in fields.OrderBy(static f => f.Key, StringComparer.Ordinal))
        {
            if (name.Length == 0 || name.Length > ContactLimits.MaxCustomFieldNameLength || !name.All(static c => char.IsLetterOrDigit(c) || c is '_' or '-' or '.'))
            {
                problems.Add($"Custom field name '{Validation.Require.Shorten(name)}' is not valid: 1 to {ContactLimits.MaxCustomFieldNameLength} letters, digits, '_', '-' or '.'.");
            }
            else if (value is null)
            {
                problems.Add($"Custom field '{name}' has no value; remove it instead.");
            }
            else if (value.Length > ContactLimits.MaxCustomFieldValueLength)
            {
                problems.Add($"Custom field '{name}' has {value.Length} characters; at most {ContactLimits.MaxCustomFieldValueLength} are accepted.");
            }
            else if (Validation.TextRules.FirstInvalid(value, singleLine: false) is { } invalid)
            {
                problems.Add($"Custom field '{name}' contains {invalid}.");
            }
        }
    }
}
