namespace Omnichannel.Contacts;

/// <summary>One page of a contacts search.</summary>
/// <param name="Contacts">The contacts of the page, in order of name then id.</param>
/// <param name="HasMore">Whether more contacts match after this page.</param>
/// <remarks>This type is immutable and thread-safe.</remarks>
public sealed record ContactPage(IReadOnlyList<Contact> Contacts, bool HasMore);
