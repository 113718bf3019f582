namespace Omnichannel.Contacts;

/// <summary>The limits contact information must respect (checked by <see cref="IContactService"/>), for hosts to validate forms the same way.</summary>
/// <remarks>This type holds constants only and is thread-safe.</remarks>
public static class ContactLimits
{
    /// <summary>The longest name, in characters.</summary>
    public const int MaxNameLength = 200;

    /// <summary>The most email addresses one contact has.</summary>
    public const int MaxEmails = 10;

    /// <summary>The longest email address, in characters (RFC 5321).</summary>
    public const int MaxEmailLength = 254;

    /// <summary>The most phone numbers one contact has.</summary>
    public const int MaxPhones = 10;

    /// <summary>The longest phone number as written, in characters (spaces and punctuation included).</summary>
    public const int MaxPhoneLength = 32;

    /// <summary>The fewest digits a phone number has.</summary>
    public const int MinPhoneDigits = 5;

    /// <summary>The most digits a phone number has (E.164).</summary>
    public const int MaxPhoneDigits = 15;

    /// <summary>The most custom fields one contact has.</summary>
    public const int MaxCustomFields = 50;

    /// <summary>The most channels a contact has.</summary>
    public const int MaxChannels = 20;

    /// <summary>The longest identifier of a contact on a channel.</summary>
    public const int MaxChannelIdentifierLength = 256;

    /// <summary>The longest custom field name, in characters.</summary>
    public const int MaxCustomFieldNameLength = 64;

    /// <summary>The longest custom field value, in characters.</summary>
    public const int MaxCustomFieldValueLength = 1_000;
}
