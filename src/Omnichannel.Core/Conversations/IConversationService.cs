using Omnichannel.Operations;

namespace Omnichannel.Conversations;

/// <summary>
/// Every action of an agent, a contact or the system on a conversation. Each operation checks the actor's
/// roles, permissions and department membership, decides the transition with the lifecycle, stores the
/// result with an optimistic version check (retrying on conflicts), and then publishes domain events.
/// Refusals come back as results with a message naming the conversation, the agent and the rule.
/// </summary>
/// <remarks>
/// Implementations are thread-safe: any number of threads and processes may call any operation at once.
/// Exactly one of several concurrent takes of a conversation wins; the others get <see cref="OperationErrorCode.AlreadyTaken"/>.
/// </remarks>
public interface IConversationService
{
    /// <summary>
    /// A contact wrote to a department: starts a conversation in the department's queue, or appends to the
    /// contact's open conversation there (only one is ever open per contact and department, even under
    /// concurrent first messages). An on-hold conversation resumes: with the same agent if they can serve
    /// it now, otherwise it is queued for the next eligible agent.
    /// </summary>
    /// <param name="contact">The contact (registered in the contact store).</param>
    /// <param name="department">The department addressed.</param>
    /// <param name="text">The message.</param>
    /// <param name="attachments">Files attached; optional.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The conversation with the message.</returns>
    ValueTask<OperationResult<Conversation>> ReceiveContactMessageAsync(ContactId contact, DepartmentId department, string text, IReadOnlyList<Attachment>? attachments = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// A contact wrote, on a given channel: as <see cref="ReceiveContactMessageAsync(ContactId, DepartmentId, string, IReadOnlyList{Attachment}?, CancellationToken)"/>,
    /// and a conversation it starts carries <see cref="ContactMessage.Channel"/> (agents' per-channel capacity counts it).
    /// </summary>
    /// <param name="message">The message, its contact, department, attachments and channel.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The conversation with the message.</returns>
    ValueTask<OperationResult<Conversation>> ReceiveContactMessageAsync(ContactMessage message, CancellationToken cancellationToken);

    /// <summary>Reads a conversation without any check (for hosts and adapters).</summary>
    /// <param name="conversation">The conversation.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The conversation, or null.</returns>
    ValueTask<Conversation?> GetAsync(ConversationId conversation, CancellationToken cancellationToken = default);

    /// <summary>
    /// Lists the queued conversations of the agent's scope ("Queued Chats": their departments, and their units' for a
    /// monitor), oldest first. An Offline agent gets an empty list (not a refusal); a deactivated one is refused.
    /// </summary>
    /// <param name="agent">The agent.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The queued conversations.</returns>
    ValueTask<OperationResult<IReadOnlyList<Conversation>>> ListQueuedAsync(AgentId agent, CancellationToken cancellationToken = default);

    /// <summary>Shows a queued (or any) conversation of the agent's departments to the agent, without taking it.</summary>
    /// <param name="conversation">The conversation.</param>
    /// <param name="agent">The agent previewing.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The conversation.</returns>
    ValueTask<OperationResult<Conversation>> PreviewAsync(ConversationId conversation, AgentId agent, CancellationToken cancellationToken = default);

    /// <summary>"Take it": the agent serves the queued conversation, if available, permitted, a member and under capacity.</summary>
    /// <param name="conversation">The conversation.</param>
    /// <param name="agent">The agent taking it.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The taken conversation, or why not (<see cref="OperationErrorCode.AlreadyTaken"/> when someone was first).</returns>
    ValueTask<OperationResult<Conversation>> TakeAsync(ConversationId conversation, AgentId agent, CancellationToken cancellationToken = default);

    /// <summary>Routing assigns a queued conversation to an agent: the same checks as a take, performed by the system.</summary>
    /// <param name="conversation">The conversation.</param>
    /// <param name="agent">The agent chosen.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The assigned conversation, or why not.</returns>
    ValueTask<OperationResult<Conversation>> AssignAsync(ConversationId conversation, AgentId agent, CancellationToken cancellationToken = default);

    /// <summary>"Move to the queue": the conversation returns to its department's queue for another agent.</summary>
    /// <param name="conversation">The conversation.</param>
    /// <param name="actor">The serving agent, a manager of the department, or the system.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The queued conversation.</returns>
    ValueTask<OperationResult<Conversation>> ReturnToQueueAsync(ConversationId conversation, Actor actor, CancellationToken cancellationToken = default);

    /// <summary>
    /// Forwards a taken conversation to an agent or a department with an optional comment. The conversation is
    /// stored as Forwarded, then the forward completes or fails back to the forwarding agent; either way the
    /// outcome is published as <see cref="Notifications.ForwardCompleted"/>.
    /// </summary>
    /// <param name="conversation">The conversation.</param>
    /// <param name="agent">The forwarding agent (the serving agent or a manager).</param>
    /// <param name="target">The target agent or department.</param>
    /// <param name="comment">A comment for the target; optional.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The forward's outcome, or why it could not start.</returns>
    ValueTask<OperationResult<ForwardResult>> ForwardAsync(ConversationId conversation, AgentId agent, ForwardTarget target, string? comment = null, CancellationToken cancellationToken = default);

    /// <summary>Completes a forward left pending (a process stopped between the two steps of <see cref="ForwardAsync"/>).</summary>
    /// <param name="conversation">The Forwarded conversation.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The forward's outcome.</returns>
    ValueTask<OperationResult<ForwardResult>> ResolvePendingForwardAsync(ConversationId conversation, CancellationToken cancellationToken = default);

    /// <summary>"Place Chat On-Hold": only when the agent sent the last message.</summary>
    /// <param name="conversation">The conversation.</param>
    /// <param name="agent">The serving agent or a manager.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The on-hold conversation.</returns>
    ValueTask<OperationResult<Conversation>> PlaceOnHoldAsync(ConversationId conversation, AgentId agent, CancellationToken cancellationToken = default);

    /// <summary>"Resume": the agent serves the on-hold conversation again (capacity permitting).</summary>
    /// <param name="conversation">The conversation.</param>
    /// <param name="agent">The agent who had it, or a manager of the department (who then serves it).</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The taken conversation.</returns>
    ValueTask<OperationResult<Conversation>> ResumeAsync(ConversationId conversation, AgentId agent, CancellationToken cancellationToken = default);

    /// <summary>Closes a conversation with a comment, tags and transcript choices. Closed is final.</summary>
    /// <param name="conversation">The conversation.</param>
    /// <param name="actor">The serving agent, a manager, the contact, or the system.</param>
    /// <param name="request">Comment, tags and transcript choices; optional.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The closed conversation.</returns>
    ValueTask<OperationResult<Conversation>> CloseAsync(ConversationId conversation, Actor actor, CloseRequest? request = null, CancellationToken cancellationToken = default);

    /// <summary>An agent writes (the serving agent, an invited participant, or a manager). <c>/invite @username</c> invites instead.</summary>
    /// <param name="conversation">The conversation.</param>
    /// <param name="agent">The author.</param>
    /// <param name="text">The message.</param>
    /// <param name="attachments">Files attached; optional.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The conversation with the message.</returns>
    ValueTask<OperationResult<Conversation>> PostAgentMessageAsync(ConversationId conversation, AgentId agent, string text, IReadOnlyList<Attachment>? attachments = null, CancellationToken cancellationToken = default);

    /// <summary>Adds a system message (not a reply; does not change who wrote last).</summary>
    /// <param name="conversation">The open conversation.</param>
    /// <param name="text">The message.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The conversation with the message.</returns>
    ValueTask<OperationResult<Conversation>> PostSystemMessageAsync(ConversationId conversation, string text, CancellationToken cancellationToken = default);

    /// <summary>
    /// Adds a system message about <paramref name="source"/> (for example <see cref="SystemMessageSources.Call"/>), stored as
    /// the message's author id so transcripts and screens can tell what it is about.
    /// </summary>
    /// <param name="conversation">The open conversation.</param>
    /// <param name="source">What the message is about: one line, at most <c>OmnichannelOptions.MaxNameLength</c> characters.</param>
    /// <param name="text">The message.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The conversation with the message.</returns>
    ValueTask<OperationResult<Conversation>> PostSystemNoticeAsync(ConversationId conversation, string source, string text, CancellationToken cancellationToken = default);

    /// <summary>A bot writes to the contact.</summary>
    /// <param name="conversation">The open conversation.</param>
    /// <param name="botName">The bot's name, stored as the author id.</param>
    /// <param name="text">The message.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The conversation with the message.</returns>
    ValueTask<OperationResult<Conversation>> PostBotMessageAsync(ConversationId conversation, string botName, string text, CancellationToken cancellationToken = default);

    /// <summary>The typing indicator: publishes <see cref="Notifications.TypingChanged"/>; nothing is stored.</summary>
    /// <param name="conversation">The open conversation.</param>
    /// <param name="actor">The contact or an agent involved in the conversation.</param>
    /// <param name="isTyping">True when typing starts, false when it stops.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>Success, or why the actor may not type there.</returns>
    ValueTask<OperationResult> SetTypingAsync(ConversationId conversation, Actor actor, bool isTyping, CancellationToken cancellationToken = default);

    /// <summary><c>/invite @username</c>: adds an agent or manager; anyone else gets "User is not an Omnichannel Agent".</summary>
    /// <param name="conversation">The open conversation.</param>
    /// <param name="agent">The agent inviting (serving, participant or manager).</param>
    /// <param name="username">The user name, with or without '@'.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The conversation with the new participant.</returns>
    ValueTask<OperationResult<Conversation>> InviteAsync(ConversationId conversation, AgentId agent, string username, CancellationToken cancellationToken = default);

    /// <summary>
    /// Edits the room information during the conversation: topic, priority, service level (SLA), tags, custom fields.
    /// Tags follow the rule of <see cref="UpdateTagsAsync"/> and the close: when the department offers tags (its closing
    /// tags or managed tags), only those are accepted (<see cref="OperationErrorCode.TagNotOffered"/> otherwise).
    /// </summary>
    /// <param name="conversation">The open conversation.</param>
    /// <param name="agent">The serving agent, a participant, or a supervisor of its department, with <see cref="Agents.AgentPermissions.EditRoomInformation"/>.</param>
    /// <param name="update">The changes.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The conversation as changed.</returns>
    ValueTask<OperationResult<Conversation>> UpdateRoomInformationAsync(ConversationId conversation, AgentId agent, RoomInformationUpdate update, CancellationToken cancellationToken = default);

    /// <summary>
    /// The room information panel, with names: date and time, queue time, first and average response time, duration,
    /// contact name, agent user name, department name, state, closed by and at, tags, topic, priority, custom fields.
    /// </summary>
    /// <param name="conversation">The conversation.</param>
    /// <param name="actor">An agent who may see the conversation (access policy), or the system; contacts are refused.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The figures, computed now.</returns>
    ValueTask<OperationResult<RoomInformation>> GetRoomInformationAsync(ConversationId conversation, Actor actor, CancellationToken cancellationToken = default);

    /// <summary>Reads a conversation for an actor: an agent who may see it (access policy), its own contact, or the system.</summary>
    /// <param name="conversation">The conversation.</param>
    /// <param name="actor">Who reads.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The conversation, or why not (<see cref="OperationErrorCode.NotDepartmentMember"/> outside the agent's sight).</returns>
    ValueTask<OperationResult<Conversation>> ViewAsync(ConversationId conversation, Actor actor, CancellationToken cancellationToken = default);

    /// <summary>A page of a conversation's messages for an actor: an agent who may see it, its own contact, or the system.</summary>
    /// <param name="conversation">The conversation.</param>
    /// <param name="actor">Who reads.</param>
    /// <param name="afterSequence">The page starts after this message number (0 for the first page).</param>
    /// <param name="limit">The most messages in the page, 1 to 256.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The messages, oldest first.</returns>
    ValueTask<OperationResult<IReadOnlyList<Message>>> ReadMessagesAsync(ConversationId conversation, Actor actor, int afterSequence = 0, int limit = 100, CancellationToken cancellationToken = default);

    /// <summary>
    /// The contact center's list of all chats, with filters (state, agent, department, tags, date range, text), paged
    /// newest first and scoped by the agent: their departments (and units, or all for an administrator) and what they
    /// serve, served or were invited to. The query's own scope members are replaced by the agent's.
    /// </summary>
    /// <param name="agent">The agent asking.</param>
    /// <param name="query">The filters and the page.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>A page of conversations.</returns>
    ValueTask<OperationResult<ConversationPage>> ListConversationsAsync(AgentId agent, ConversationListQuery query, CancellationToken cancellationToken = default);

    /// <summary>The agent's "Chats in progress": the conversations they serve (taken, or being forwarded by them), newest first.</summary>
    /// <param name="agent">The agent.</param>
    /// <param name="after">The previous page's <see cref="ConversationPage.Next"/>; null for the first page.</param>
    /// <param name="limit">The page size, 1 to 200.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>A page of conversations.</returns>
    ValueTask<OperationResult<ConversationPage>> ListInProgressAsync(AgentId agent, ConversationCursor? after = null, int limit = 50, CancellationToken cancellationToken = default);

    /// <summary>The agent's "On hold" list: the conversations they placed on hold, newest first.</summary>
    /// <param name="agent">The agent.</param>
    /// <param name="after">The previous page's <see cref="ConversationPage.Next"/>; null for the first page.</param>
    /// <param name="limit">The page size, 1 to 200.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>A page of conversations.</returns>
    ValueTask<OperationResult<ConversationPage>> ListOnHoldAsync(AgentId agent, ConversationCursor? after = null, int limit = 50, CancellationToken cancellationToken = default);

    /// <summary>
    /// A queued conversation's place in its department's queue and the estimated wait, counted by the store (an indexed
    /// count of those ahead), without reading the department's queue.
    /// </summary>
    /// <param name="conversation">The queued conversation.</param>
    /// <param name="actor">Its contact, an agent who may see it, or the system.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The place, or why not (not queued, not theirs).</returns>
    ValueTask<OperationResult<QueuePlace>> GetQueuePlaceAsync(ConversationId conversation, Actor actor, CancellationToken cancellationToken = default);

    /// <summary>
    /// Force close, for repairs: an agent with <see cref="Agents.AgentPermissions.ForceClose"/> (administrators) closes an
    /// open conversation they can see, whatever the department's tag or comment rules; it is recorded as forced
    /// (<see cref="Conversation.ForceClosed"/>).
    /// </summary>
    /// <param name="conversation">The open conversation.</param>
    /// <param name="administrator">The agent force closing it.</param>
    /// <param name="comment">Why; optional.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The closed conversation.</returns>
    ValueTask<OperationResult<Conversation>> ForceCloseAsync(ConversationId conversation, AgentId administrator, string? comment = null, CancellationToken cancellationToken = default);

    /// <summary>Moves a queued conversation to another department's queue (overflow to a fallback department).</summary>
    /// <param name="conversation">The queued conversation.</param>
    /// <param name="department">The new department.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The conversation, queued in its new department.</returns>
    ValueTask<OperationResult<Conversation>> MoveToDepartmentAsync(ConversationId conversation, DepartmentId department, CancellationToken cancellationToken = default);

    /// <summary>
    /// Sets the tags of an open conversation (editable during the conversation; a close that names no tags keeps them). Each
    /// tag must be offered to the conversation's department: its closing tags when it lists some, else its managed tags
    /// (<see cref="Tags.ITagService"/>) when there are any. By the serving agent, an invited one, or a manager of the
    /// department, with the EditRoomInformation permission.
    /// </summary>
    /// <param name="conversation">The open conversation.</param>
    /// <param name="agent">The agent editing.</param>
    /// <param name="tags">The tags (replacing the current ones; empty clears them).</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The conversation with its tags, or why it was refused (<see cref="OperationErrorCode.TagNotOffered"/>, ...).</returns>
    ValueTask<OperationResult<Conversation>> UpdateTagsAsync(ConversationId conversation, AgentId agent, IReadOnlyList<string> tags, CancellationToken cancellationToken = default);
}
