using Microsoft.Extensions.Logging;

namespace Omnichannel.Workspace.Calls;

/// <summary>The call feature's log messages (event ids 7501-7509, in the workspace range 7xxx).</summary>
internal static partial class CallLog
{
    [LoggerMessage(7501, LogLevel.Warning, "Call app {Provider} could not end duplicate call {CallId} of conversation {ConversationId}; it may stay open in the call app.")]
    public static partial void DuplicateCallNotEnded(this ILogger logger, Exception exception, string provider, string callId, ConversationId conversationId);

    [LoggerMessage(7502, LogLevel.Information, "Call {CallId} of conversation {ConversationId} ended after the conversation closed; the end is recorded but not posted.")]
    public static partial void CallEndNotPosted(this ILogger logger, string callId, ConversationId conversationId);
}
