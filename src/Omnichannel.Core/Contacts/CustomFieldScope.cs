namespace Omnichannel.Contacts;

/// <summary>What a custom field describes.</summary>
public enum CustomFieldScope
{
    /// <summary>A field of a contact (<see cref="Contact.CustomFields"/>).</summary>
    Contact = 0,

    /// <summary>A field of a conversation (<see cref="Conversations.Conversation.CustomFields"/>).</summary>
    Conversation = 1,
}
