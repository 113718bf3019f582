using Omnichannel.Conversations;
using Omnichannel.Operations;

namespace Omnichannel.Workspace.CannedResponses;

/// <summary>
/// Canned responses: create, change, delete and list them, and expand <c>!shortcut</c> at the start of an agent's
/// message. Expansion plugs into posting in one of two ways: call <see cref="ExpandForConversationAsync"/> and
/// pass the text to <see cref="IConversationService.PostAgentMessageAsync"/>, or call
/// <see cref="PostAgentMessageAsync"/>, which does both. Outside omnichannel conversations (agents talking to
/// each other) call <see cref="ExpandAsync"/>.
/// </summary>
/// <remarks>
/// <para>Permissions: an agent creates, changes or deletes canned responses with
/// <see cref="Agents.AgentPermissions.CreateCannedResponse"/>; department scope also needs
/// <see cref="Agents.AgentPermissions.ManageDepartmentCannedResponses"/> and membership of the department; public scope
/// needs the manager role; private responses only ever belong to the agent who made them. <see cref="Actor.System"/>
/// (the host's administration) may manage public and department responses without checks.</para>
/// <para>Implementations are thread-safe.</para>
/// </remarks>
public interface ICannedResponseService
{
    /// <summary>Validates and stores a new canned response (shortcut unique across scopes, known placeholders only).</summary>
    /// <param name="actor">An agent, or <see cref="Actor.System"/> for the host.</param>
    /// <param name="draft">What to create.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The stored canned response, or why not (<see cref="OperationErrorCode.DuplicateShortcut"/>, <see cref="OperationErrorCode.NotPermitted"/>, ...).</returns>
    ValueTask<OperationResult<CannedResponse>> CreateAsync(Actor actor, CannedResponseDraft draft, CancellationToken cancellationToken = default);

    /// <summary>
    /// Saves changes to a canned response read earlier: its shortcut, text, scope and department. The version read
    /// is checked: a change made by someone else in between gives <see cref="OperationErrorCode.Conflict"/>.
    /// </summary>
    /// <param name="actor">An agent allowed to manage both the old and the new scope, or <see cref="Actor.System"/>.</param>
    /// <param name="changed">The canned response as read, with changes (<c>response with { Text = ... }</c>).</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The stored canned response.</returns>
    ValueTask<OperationResult<CannedResponse>> UpdateAsync(Actor actor, CannedResponse changed, CancellationToken cancellationToken = default);

    /// <summary>Deletes a canned response.</summary>
    /// <param name="actor">An agent allowed to manage its scope, or <see cref="Actor.System"/>.</param>
    /// <param name="id">The canned response.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>Success, or why not.</returns>
    ValueTask<OperationResult> DeleteAsync(Actor actor, CannedResponseId id, CancellationToken cancellationToken = default);

    /// <summary>
    /// Reads one canned response by id, with the visibility of <see cref="ListAsync"/>: an agent reads public responses,
    /// their departments' and their own private ones; <see cref="Actor.System"/> (the host's administration) reads any.
    /// </summary>
    /// <remarks>
    /// A response the agent may not use answers <see cref="OperationErrorCode.NotFound"/> with the same message as one that
    /// does not exist, so an id reveals neither another agent's private response nor another department's.
    /// </remarks>
    /// <param name="actor">An agent, or <see cref="Actor.System"/> for the host; a contact is refused with <see cref="OperationErrorCode.NotPermitted"/>.</param>
    /// <param name="id">The canned response.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The canned response, or <see cref="OperationErrorCode.NotFound"/> (unknown, or not visible to the agent; or the agent is unknown).</returns>
    ValueTask<OperationResult<CannedResponse>> GetAsync(Actor actor, CannedResponseId id, CancellationToken cancellationToken = default);

    /// <summary>
    /// The canned responses an agent may use: public ones, their departments' and their own, ordered by shortcut,
    /// filtered by what they typed after <c>!</c> so far (the drop-down above the text field).
    /// </summary>
    /// <param name="agent">The agent.</param>
    /// <param name="shortcutPrefix">The shortcut prefix typed, with or without the leading <c>!</c>; null or empty for all.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The canned responses.</returns>
    ValueTask<OperationResult<IReadOnlyList<CannedResponse>>> ListAsync(AgentId agent, string? shortcutPrefix = null, CancellationToken cancellationToken = default);

    /// <summary>The canned responses <paramref name="agent"/> may use that carry <paramref name="tag"/> (ignoring case), in shortcut order.</summary>
    /// <param name="agent">The agent.</param>
    /// <param name="tag">The tag.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The responses, or a refusal for an unknown agent or a bad tag.</returns>
    ValueTask<OperationResult<IReadOnlyList<CannedResponse>>> ListByTagAsync(AgentId agent, string tag, CancellationToken cancellationToken = default);

    /// <summary>
    /// Expands a text that starts with <c>!shortcut</c>: the shortcut is replaced by the canned response's text with
    /// its placeholders filled in, and the rest of the text is kept. A text that does not start with a shortcut is
    /// returned unchanged (without reading anything); <c>!!</c> at the start sends a literal <c>!</c>. Never returns a
    /// half-filled message: an unknown shortcut gives <see cref="OperationErrorCode.UnknownShortcut"/>, an unknown
    /// placeholder <see cref="OperationErrorCode.UnknownPlaceholder"/>, and a placeholder without a value (no contact, no
    /// email address) <see cref="OperationErrorCode.PlaceholderValueMissing"/>. The filled-in text is refused with
    /// <see cref="OperationErrorCode.InvalidArgument"/> when it starts with <c>/</c> (a value such as a contact's name
    /// would make it a command) or is longer than <c>OmnichannelOptions.MaxMessageLength</c>.
    /// </summary>
    /// <param name="agent">The agent writing (any user known to the agent store, omnichannel role or not).</param>
    /// <param name="text">The text typed.</param>
    /// <param name="contact">The contact written to, for <c>{{contact.*}}</c> placeholders; null outside omnichannel conversations.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The text to send.</returns>
    ValueTask<OperationResult<CannedResponseExpansion>> ExpandAsync(AgentId agent, string text, ContactId? contact = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Like <see cref="ExpandAsync"/>, for a message in an omnichannel conversation: the contact is the conversation's, and
    /// the agent must serve it, be invited to it or manage its department.
    /// </summary>
    /// <param name="conversation">The conversation written to.</param>
    /// <param name="agent">The agent writing.</param>
    /// <param name="text">The text typed.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The text to send.</returns>
    ValueTask<OperationResult<CannedResponseExpansion>> ExpandForConversationAsync(ConversationId conversation, AgentId agent, string text, CancellationToken cancellationToken = default);

    /// <summary>
    /// Expands the text with <see cref="ExpandForConversationAsync"/> and posts the result with
    /// <see cref="IConversationService.PostAgentMessageAsync"/>. When expansion is refused nothing is posted.
    /// </summary>
    /// <param name="conversation">The conversation written to.</param>
    /// <param name="agent">The agent writing.</param>
    /// <param name="text">The text typed.</param>
    /// <param name="attachments">Files attached; optional.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The conversation with the message, or why not.</returns>
    ValueTask<OperationResult<Conversation>> PostAgentMessageAsync(ConversationId conversation, AgentId agent, string text, IReadOnlyList<Attachment>? attachments = null, CancellationToken cancellationToken = default);
}
