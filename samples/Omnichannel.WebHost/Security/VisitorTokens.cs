using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace Omnichannel.WebHost.Security;

/// <summary>
/// A visitor's token: the contact and the conversation, encrypted and signed with ASP.NET Core Data Protection (keys
/// kept by the framework), valid for a day. It cannot be guessed or changed into another visitor's: the ids inside are
/// never taken from anything else the visitor sends.
/// </summary>
public sealed class VisitorTokens(IDataProtectionProvider provider)
{
    /// <summary>The request header that carries the token.</summary>
    public const string Header = "X-Visitor-Token";

    private static readonly TimeSpan Lifetime = TimeSpan.FromDays(1);
    private readonly ITimeLimitedDataProtector _protector = provider.CreateProtector("Omnichannel.WebHost.VisitorToken.v1").ToTimeLimitedDataProtector();

    /// <summary>A token for a contact's conversation.</summary>
    public string Issue(ContactId contact, ConversationId conversation) =>
        _protector.Protect($"{contact.Value}\n{conversation.Value}", Lifetime);

    /// <summary>The visitor a token stands for, or null when it is missing, forged, changed or expired.</summary>
    public VisitorSession? Read(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 4096)
        {
            return null;
        }

        try
        {
            var parts = _protector.Unprotect(token).Split('\n');
            return parts.Length == 2 ? new VisitorSession(new ContactId(parts[0]), new ConversationId(parts[1])) : null;
        }
        catch (CryptographicException)
        {
            return null;
        }
    }
}

/// <summary>Who a visitor's token stands for.</summary>
/// <param name="ContactId">The contact the host registered for the visitor.</param>
/// <param name="ConversationId">Their conversation.</param>
public sealed record VisitorSession(ContactId ContactId, ConversationId ConversationId);
