using Omnichannel.Operations;

namespace Omnichannel.Contacts;

/// <summary>
/// Contact information as the agent's contact panel shows and edits it: name, emails, phones and custom fields,
/// validated (email and phone formats, lengths; see <see cref="ContactLimits"/>). Agents need
/// <see cref="Agents.AgentPermissions.EditContact"/> to view or edit. Edits are checked against the version read,
/// so two agents editing at once never overwrite each other silently: the second gets
/// <see cref="OperationErrorCode.Conflict"/>.
/// </summary>
/// <remarks>Implementations are thread-safe.</remarks>
public interface IContactService
{
    /// <summary>Registers a new contact (version 0) after validating it, trimming the name, emails and phones.</summary>
    /// <param name="contact">The contact.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The stored contact, or <see cref="OperationErrorCode.InvalidContact"/> listing every problem.</returns>
    ValueTask<OperationResult<Contact>> RegisterAsync(Contact contact, CancellationToken cancellationToken = default);

    /// <summary>Shows a contact's information to an agent.</summary>
    /// <param name="contact">The contact.</param>
    /// <param name="agent">The agent viewing, with <see cref="Agents.AgentPermissions.EditContact"/>.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The contact.</returns>
    ValueTask<OperationResult<Contact>> GetAsync(ContactId contact, AgentId agent, CancellationToken cancellationToken = default);

    /// <summary>Shows the contact of a conversation (the contact-information icon of the conversation).</summary>
    /// <param name="conversation">The conversation.</param>
    /// <param name="agent">The agent viewing: with <see cref="Agents.AgentPermissions.EditContact"/>, and a member of its department or in it.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The contact.</returns>
    ValueTask<OperationResult<Contact>> GetForConversationAsync(ConversationId conversation, AgentId agent, CancellationToken cancellationToken = default);

    /// <summary>
    /// Saves an agent's edit of a contact read earlier (<c>contact with { Phones = [...] }</c>): name, emails, phones,
    /// custom fields and contact manager. Refused with <see cref="OperationErrorCode.InvalidContact"/> listing every
    /// problem, or with <see cref="OperationErrorCode.Conflict"/> when someone else saved the contact after it was read.
    /// </summary>
    /// <param name="changed">The contact as read, with the changes.</param>
    /// <param name="agent">The agent editing, with <see cref="Agents.AgentPermissions.EditContact"/>.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The stored contact at its new version.</returns>
    ValueTask<OperationResult<Contact>> UpdateAsync(Contact changed, AgentId agent, CancellationToken cancellationToken = default);

    /// <summary>Finds the contact who writes from channel <paramref name="type"/>/<paramref name="identifier"/> (ignoring case).</summary>
    /// <param name="type">The channel type (<see cref="ContactChannelTypes"/> or a host's own).</param>
    /// <param name="identifier">The contact's identifier on it.</param>
    /// <param name="agent">The agent looking, with <see cref="Agents.AgentPermissions.EditContact"/>.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The contact, or <see cref="OperationErrorCode.NotFound"/>.</returns>
    ValueTask<OperationResult<Contact>> FindByChannelAsync(string type, string identifier, AgentId agent, CancellationToken cancellationToken = default);

    /// <summary>The contacts directory: contacts by name, email or phone (a prefix of any, ignoring case), one page at a time.</summary>
    /// <param name="query">The text and the page.</param>
    /// <param name="agent">The agent looking, with <see cref="Agents.AgentPermissions.EditContact"/>.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The page, or <see cref="OperationErrorCode.InvalidArgument"/> for a bad page or text.</returns>
    ValueTask<OperationResult<ContactPage>> SearchAsync(ContactSearchQuery query, AgentId agent, CancellationToken cancellationToken = default);

    /// <summary>
    /// Blocks or unblocks one of the contact's channels: messages from a blocked channel are refused with
    /// <see cref="OperationErrorCode.ChannelBlocked"/> and open nothing. Blocking also closes the contact's open
    /// conversations that came from that channel (their <see cref="Conversations.Conversation.Source"/>), by the system with
    /// the reason <see cref="Conversations.CloseReasons.ChannelBlocked"/>, as the anchor does; unblocking closes nothing.
    /// </summary>
    /// <param name="contact">The contact.</param>
    /// <param name="type">The channel type.</param>
    /// <param name="identifier">The identifier on it.</param>
    /// <param name="blocked">True to block, false to unblock.</param>
    /// <param name="agent">The agent, with <see cref="Agents.AgentPermissions.EditContact"/>.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The stored contact, or <see cref="OperationErrorCode.NotFound"/> when the contact has no such channel.</returns>
    ValueTask<OperationResult<Contact>> SetChannelBlockedAsync(ContactId contact, string type, string identifier, bool blocked, AgentId agent, CancellationToken cancellationToken = default);
}
