namespace Omnichannel.Contacts;

/// <summary>The channel types the library names; a host may use its own (for example "whatsapp").</summary>
/// <remarks>This type is stateless and thread-safe.</remarks>
public static class ContactChannelTypes
{
    /// <summary>The web chat widget; the identifier is the visitor's token.</summary>
    public const string Widget = "widget";

    /// <summary>Email; the identifier is the address.</summary>
    public const string Email = "email";

    /// <summary>Phone (calls, SMS); the identifier is the number.</summary>
    public const string Phone = "phone";
}
