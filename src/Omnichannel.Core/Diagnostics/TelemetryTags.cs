namespace Omnichannel.Diagnostics;

/// <summary>
/// The tag names of Omnichannel's metrics and spans. Identifiers of conversations and agents are span tags only:
/// on a metric they would make one series per conversation.
/// </summary>
internal static class TelemetryTags
{
    public const string ConversationId = "omnichannel.conversation.id";
    public const string DepartmentId = "omnichannel.department.id";
    public const string AgentId = "omnichannel.agent.id";
    public const string ContactId = "omnichannel.contact.id";
    public const string Result = "omnichannel.result";
    public const string QueueExit = "omnichannel.queue.exit";
    public const string CloserKind = "omnichannel.closer.kind";
    public const string ForwardTarget = "omnichannel.forward.target";
    public const string ForwardFailureReason = "omnichannel.forward.failure_reason";
    public const string OutboxKind = "omnichannel.outbox.kind";
    public const string AgentStatus = "omnichannel.agent.status";

    /// <summary>The result tag of an operation that succeeded; a refused one carries its <see cref="Operations.OperationErrorCode"/>.</summary>
    public const string Ok = "ok";
}
