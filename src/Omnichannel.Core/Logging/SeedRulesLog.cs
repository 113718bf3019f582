using Microsoft.Extensions.Logging;

namespace Omnichannel.Logging;

/// <summary>Log messages of the rules the guide and the host set (event ids 300-399).</summary>
internal static partial class SeedRulesLog
{
    [LoggerMessage(300, LogLevel.Information, "Conversation {ConversationId}: {Reason}")]
    public static partial void PdfSkippedAtClose(this ILogger logger, ConversationId conversationId, string reason);

    [LoggerMessage(301, LogLevel.Warning, "The arrival rules named {What} '{Name}' for the new conversation of contact {ContactId}, which is not configured; it is ignored.")]
    public static partial void UnknownArrivalClassification(this ILogger logger, ContactId contactId, string what, string name);

    [LoggerMessage(302, LogLevel.Error, "The arrival rules failed for the new conversation of contact {ContactId}; it is queued without priority or service level.")]
    public static partial void ArrivalRulesFailed(this ILogger logger, Exception exception, ContactId contactId);

    [LoggerMessage(303, LogLevel.Information, "Contact {ContactId} wrote to department {DepartmentId} outside its business hours: {Outcome}.")]
    public static partial void OutsideBusinessHours(this ILogger logger, ContactId contactId, DepartmentId departmentId, string outcome);

    [LoggerMessage(304, LogLevel.Information, "Conversation {ConversationId} closed for inactivity: {Reason}.")]
    public static partial void ClosedForInactivity(this ILogger logger, ConversationId conversationId, string reason);

    [LoggerMessage(305, LogLevel.Information, "Inactivity close of conversation {ConversationId} was refused: {Reason}")]
    public static partial void InactivityCloseRefused(this ILogger logger, ConversationId conversationId, string reason);

    [LoggerMessage(306, LogLevel.Error, "Scheduled work failed; it is not retried.")]
    public static partial void ScheduledWorkFailed(this ILogger logger, Exception exception);
}
