using Microsoft.Extensions.Logging;
using Omnichannel.Operations;

namespace Omnichannel.Access;

/// <summary>Access and roles log messages (event ids 200-299).</summary>
internal static partial class AccessLog
{
    [LoggerMessage(200, LogLevel.Debug, "Agent {AgentId} was refused ({Code}) when trying to {Purpose}.")]
    public static partial void AccessRefused(this ILogger logger, AgentId agentId, string purpose, OperationErrorCode code);

    [LoggerMessage(201, LogLevel.Warning, "Conversation {ConversationId} was force closed by administrator {AgentId}.")]
    public static partial void ForceClosed(this ILogger logger, ConversationId conversationId, AgentId agentId);

    [LoggerMessage(202, LogLevel.Information, "Agent {AgentId} was deactivated and set Offline.")]
    public static partial void AgentDeactivated(this ILogger logger, AgentId agentId);
}
