using System.Net.Mail;
using Omnichannel.Operations;
using Omnichannel.Validation;

namespace Omnichannel.Transcripts;

/// <summary>Checks the address and subject of a transcript email, with messages a person can act on.</summary>
internal static class TranscriptRequestRules
{
    /// <summary>The longest address mail allows (RFC 5321: 254 characters in a path).</summary>
    public const int MaxAddressLength = 254;

    public static OperationError? CheckAddress(string? address)
    {
        if (string.IsNullOrWhiteSpace(address))
        {
            return new(OperationErrorCode.InvalidArgument, "The email address is empty.");
        }

        if (address.Length > MaxAddressLength)
        {
            return new(OperationErrorCode.InvalidArgument, $"The email address has {address.Length} characters; at most {MaxAddressLength} are accepted.");
        }

        if (UnpairedSurrogate(address) is { } broken)
        {
            return new(OperationErrorCode.InvalidArgument, $"The email address contains an unpaired surrogate (U+{(int)broken:X4}), which is not valid Unicode.");
        }

        foreach (var c in address)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                return new(OperationErrorCode.InvalidArgument, $"The email address '{Printable(address)}' contains spaces, line breaks or control characters.");
            }
        }

        // A bare address only: no display name, nothing the parser would drop or rewrite.
        return MailAddress.TryCreate(address, out var parsed) && parsed.Address == address && parsed.DisplayName.Length == 0
            && parsed.Host.Length > 0 && parsed.User.Length > 0
            ? null
            : new(OperationErrorCode.InvalidArgument, $"'{Printable(address)}' is not a valid email address; expected something like name@example.com.");
    }

    public static OperationError? CheckSubject(string subject, int maxLength)
    {
        if (subject.AsSpan().IndexOfAny('\r', '\n') >= 0)
        {
            return new(OperationErrorCode.InvalidArgument, "The email subject must be a single line; it contains a line break.");
        }

        if (subject.Length > maxLength)
        {
            return new(OperationErrorCode.InvalidArgument, $"The email subject has {subject.Length} characters; at most {maxLength} are accepted.");
        }

        foreach (var c in subject)
        {
            if (char.IsControl(c))
            {
                return new(OperationErrorCode.InvalidArgument, $"The email subject contains the control character U+{(int)c:X4}.");
            }
        }

        return UnpairedSurrogate(subject) is { } broken
            ? new(OperationErrorCode.InvalidArgument, $"The email subject contains an unpaired surrogate (U+{(int)broken:X4}), which is not valid Unicode.")
            : null;
    }

    /// <summary>The first surrogate standing alone (text no mail encoder can write), or null.</summary>
    private static char? UnpairedSurrogate(string text) => UnicodeText.IndexOfUnpairedSurrogate(text) is var i and >= 0 ? text[i] : null;

    private static string Printable(string text) => text.Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}
