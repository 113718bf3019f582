using Omnichannel.Conversations;
using Omnichannel.Operations;

namespace Omnichannel.Diagnostics;

/// <summary>
/// A span per conversation operation (<c>omnichannel.conversation.*</c>, listed in docs/observability.md) around the
/// service the container builds. Reads of a single conversation (<see cref="GetAsync"/>) are not traced: they are
/// the most frequent call and change nothing.
/// </summary>
/// <remarks>Thread-safe: it keeps no state.</remarks>
internal sealed class TracedConversationService(IConversationService inner) : IConversationService
{
    public ValueTask<OperationResult<Conversation>> ReceiveContactMessageAsync(ContactId contact, DepartmentId department, string text, IReadOnlyList<Attachment>? attachments = null, CancellationToken cancellationToken = default) =>
        TracedOperation.Run(SpanNames.Receive, null, null, department, (inner, contact, department, text, attachments, cancellationToken),
            static s => s.inner.ReceiveContactMessageAsync(s.contact, s.department, s.text, s.attachments, s.cancellationToken));

    public ValueTask<OperationResult<Conversation>> ReceiveContactMessageAsync(ContactMessage message, CancellationToken cancellationToken) =>
        TracedOperation.Run(SpanNames.Receive, null, null, message?.Department, (inner, message, cancellationToken),
            static s => s.inner.ReceiveContactMessageAsync(s.message!, s.cancellationToken));

    public ValueTask<Conversation?> GetAsync(ConversationId conversation, CancellationToken cancellationToken = default) =>
        inner.GetAsync(conversation, cancellationToken);

    public ValueTask<OperationResult<IReadOnlyList<Conversation>>> ListQueuedAsync(AgentId agent, CancellationToken cancellationToken = default) =>
        TracedOperation.Run(SpanNames.ListQueued, null, agent, null, (inner, agent, cancellationToken),
            static s => s.inner.ListQueuedAsync(s.agent, s.cancellationToken));

    public ValueTask<OperationResult<Conversation>> PreviewAsync(ConversationId conversation, AgentId agent, CancellationToken cancellationToken = default) =>
        TracedOperation.Run(SpanNames.Preview, conversation, agent, null, (inner, conversation, agent, cancellationToken),
            static s => s.inner.PreviewAsync(s.conversation, s.agent, s.cancellationToken));

    public ValueTask<OperationResult<Conversation>> TakeAsync(ConversationId conversation, AgentId agent, CancellationToken cancellationToken = default) =>
        TracedOperation.Run(SpanNames.Take, conversation, agent, null, (inner, conversation, agent, cancellationToken),
            static s => s.inner.TakeAsync(s.conversation, s.agent, s.cancellationToken));

    public ValueTask<OperationResult<Conversation>> AssignAsync(ConversationId conversation, AgentId agent, CancellationToken cancellationToken = default) =>
        TracedOperation.Run(SpanNames.Assign, conversation, agent, null, (inner, conversation, agent, cancellationToken),
            static s => s.inner.AssignAsync(s.conversation, s.agent, s.cancellationToken));

    public ValueTask<OperationResult<Conversation>> ReturnToQueueAsync(ConversationId conversation, Actor actor, CancellationToken cancellationToken = default) =>
        TracedOperation.Run(SpanNames.ReturnToQueue, conversation, actor.AgentId, null, (inner, conversation, actor, cancellationToken),
            static s => s.inner.ReturnToQueueAsync(s.conversation, s.actor, s.cancellationToken));

    public ValueTask<OperationResult<ForwardResult>> ForwardAsync(ConversationId conversation, AgentId agent, ForwardTarget target, string? comment = null, CancellationToken cancellationToken = default) =>
        TracedOperation.Run(SpanNames.Forward, conversation, agent, null, (inner, conversation, agent, target, comment, cancellationToken),
            static s => s.inner.ForwardAsync(s.conversation, s.agent, s.target, s.comment, s.cancellationToken));

    public ValueTask<OperationResult<ForwardResult>> ResolvePendingForwardAsync(ConversationId conversation, CancellationToken cancellationToken = default) =>
        TracedOperation.Run(SpanNames.ResolveForward, conversation, null, null, (inner, conversation, cancellationToken),
            static s => s.inner.ResolvePendingForwardAsync(s.conversation, s.cancellationToken));

    public ValueTask<OperationResult<Conversation>> PlaceOnHoldAsync(ConversationId conversation, AgentId agent, CancellationToken cancellationToken = default) =>
        TracedOperation.Run(SpanNames.Hold, conversation, agent, null, (inner, conversation, agent, cancellationToken),
            static s => s.inner.PlaceOnHoldAsync(s.conversation, s.agent, s.cancellationToken));

    public ValueTask<OperationResult<Conversation>> ResumeAsync(ConversationId conversation, AgentId agent, CancellationToken cancellationToken = default) =>
        TracedOperation.Run(SpanNames.Resume, conversation, agent, null, (inner, conversation, agent, cancellationToken),
            static s => s.inner.ResumeAsync(s.conversation, s.agent, s.cancellationToken));

    public ValueTask<OperationResult<Conversation>> CloseAsync(ConversationId conversation, Actor actor, CloseRequest? request = null, CancellationToken cancellationToken = default) =>
        TracedOperation.Run(SpanNames.Close, conversation, actor.AgentId, null, (inner, conversation, actor, request, cancellationToken),
            static s => s.inner.CloseAsync(s.conversation, s.actor, s.request, s.cancellationToken));

    public ValueTask<OperationResult<Conversation>> PostAgentMessageAsync(ConversationId conversation, AgentId agent, string text, IReadOnlyList<Attachment>? attachments = null, CancellationToken cancellationToken = default) =>
        TracedOperation.Run(SpanNames.PostAgentMessage, conversation, agent, null, (inner, conversation, agent, text, attachments, cancellationToken),
            static s => s.inner.PostAgentMessageAsync(s.conversation, s.agent, s.text, s.attachments, s.cancellationToken));

    public ValueTask<OperationResult<Conversation>> PostSystemMessageAsync(ConversationId conversation, string text, CancellationToken cancellationToken = default) =>
        TracedOperation.Run(SpanNames.PostSystemMessage, conversation, null, null, (inner, conversation, text, cancellationToken),
            static s => s.inner.PostSystemMessageAsync(s.conversation, s.text, s.cancellationToken));

    public ValueTask<OperationResult<Conversation>> PostBotMessageAsync(ConversationId conversation, string botName, string text, CancellationToken cancellationToken = default) =>
        TracedOperation.Run(SpanNames.PostBotMessage, conversation, null, null, (inner, conversation, botName, text, cancellationToken),
            static s => s.inner.PostBotMessageAsync(s.conversation, s.botName, s.text, s.cancellationToken));

    public ValueTask<OperationResult<Conversation>> PostSystemNoticeAsync(ConversationId conversation, string source, string text, CancellationToken cancellationToken = default) =>
        TracedOperation.Run(SpanNames.PostSystemNotice, conversation, null, null, (inner, conversation, source, text, cancellationToken),
            static s => s.inner.PostSystemNoticeAsync(s.conversation, s.source, s.text, s.cancellationToken));

    public ValueTask<OperationResult<Conversation>> UpdateTagsAsync(ConversationId conversation, AgentId agent, IReadOnlyList<string> tags, CancellationToken cancellationToken = default) =>
        TracedOperation.Run(SpanNames.UpdateTags, conversation, agent, null, (inner, conversation, agent, tags, cancellationToken),
            static s => s.inner.UpdateTagsAsync(s.conversation, s.agent, s.tags, s.cancellationToken));

    public ValueTask<OperationResult> SetTypingAsync(ConversationId conversation, Actor actor, bool isTyping, CancellationToken cancellationToken = default) =>
        TracedOperation.Run(SpanNames.SetTyping, conversation, actor.AgentId, null, (inner, conversation, actor, isTyping, cancellationToken),
            static s => s.inner.SetTypingAsync(s.conversation, s.actor, s.isTyping, s.cancellationToken));

    public ValueTask<OperationResult<Conversation>> InviteAsync(ConversationId conversation, AgentId agent, string username, CancellationToken cancellationToken = default) =>
        TracedOperation.Run(SpanNames.Invite, conversation, agent, null, (inner, conversation, agent, username, cancellationToken),
            static s => s.inner.InviteAsync(s.conversation, s.agent, s.username, s.cancellationToken));

    public ValueTask<OperationResult<Conversation>> UpdateRoomInformationAsync(ConversationId conversation, AgentId agent, RoomInformationUpdate update, CancellationToken cancellationToken = default) =>
        TracedOperation.Run(SpanNames.UpdateRoomInformation, conversation, agent, null, (inner, conversation, agent, update, cancellationToken),
            static s => s.inner.UpdateRoomInformationAsync(s.conversation, s.agent, s.update, s.cancellationToken));

    public ValueTask<OperationResult<RoomInformation>> GetRoomInformationAsync(ConversationId conversation, Actor actor, CancellationToken cancellationToken = default) =>
        TracedOperation.Run(SpanNames.GetRoomInformation, conversation, actor.AgentId, null, (inner, conversation, actor, cancellationToken),
            static s => s.inner.GetRoomInformationAsync(s.conversation, s.actor, s.cancellationToken));

    public ValueTask<OperationResult<Conversation>> ForceCloseAsync(ConversationId conversation, AgentId administrator, string? comment = null, CancellationToken cancellationToken = default) =>
        TracedOperation.Run(SpanNames.ForceClose, conversation, administrator, null, (inner, conversation, administrator, comment, cancellationToken),
            static s => s.inner.ForceCloseAsync(s.conversation, s.administrator, s.comment, s.cancellationToken));

    // Paged reads change nothing and are frequent: not traced, like GetAsync.
    public ValueTask<OperationResult<Conversation>> ViewAsync(ConversationId conversation, Actor actor, CancellationToken cancellationToken = default) =>
        inner.ViewAsync(conversation, actor, cancellationToken);

    public ValueTask<OperationResult<IReadOnlyList<Message>>> ReadMessagesAsync(ConversationId conversation, Actor actor, int afterSequence = 0, int limit = 100, CancellationToken cancellationToken = default) =>
        inner.ReadMessagesAsync(conversation, actor, afterSequence, limit, cancellationToken);

    public ValueTask<OperationResult<ConversationPage>> ListConversationsAsync(AgentId agent, ConversationListQuery query, CancellationToken cancellationToken = default) =>
        inner.ListConversationsAsync(agent, query, cancellationToken);

    public ValueTask<OperationResult<ConversationPage>> ListInProgressAsync(AgentId agent, ConversationCursor? after = null, int limit = 50, CancellationToken cancellationToken = default) =>
        inner.ListInProgressAsync(agent, after, limit, cancellationToken);

    public ValueTask<OperationResult<ConversationPage>> ListOnHoldAsync(AgentId agent, ConversationCursor? after = null, int limit = 50, CancellationToken cancellationToken = default) =>
        inner.ListOnHoldAsync(agent, after, limit, cancellationToken);

    public ValueTask<OperationResult<QueuePlace>> GetQueuePlaceAsync(ConversationId conversation, Actor actor, CancellationToken cancellationToken = default) =>
        inner.GetQueuePlaceAsync(conversation, actor, cancellationToken);

    public ValueTask<OperationResult<Conversation>> MoveToDepartmentAsync(ConversationId conversation, DepartmentId department, CancellationToken cancellationToken = default) =>
        TracedOperation.Run(SpanNames.MoveToDepartment, conversation, null, null, (inner, conversation, department, cancellationToken),
            static s => s.inner.MoveToDepartmentAsync(s.conversation, s.department, s.cancellationToken));
}
