using System.Collections.Immutable;
using Omnichannel.Contacts;

namespace Omnichannel.Workspace.Contacts;

/// <summary>A contact's chat history as an agent sees it: the contact, and their closed conversations newest first.</summary>
/// <param name="Contact">The contact.</param>
/// <param name="Conversations">The closed conversations the agent may see, most recently closed first.</param>
/// <remarks>This type is immutable and thread-safe.</remarks>
public sealed record ContactHistory(Contact Contact, ImmutableArray<ContactHistoryEntry> Conversations);
