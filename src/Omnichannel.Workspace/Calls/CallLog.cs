using Microsoft.Extensions.Logging;

namespace Omnichannel.Workspace.Calls;

/// <summary>The call feature's log messages (event ids 7501-7509 and 7901-7909, in the workspace range 7xxx).</summary>
internal static partial class CallLog
{
    [LoggerMessage(7501, LogLevel.Warning, "Call app {Provider} could not end duplicate call {CallId} of conversation {ConversationId}; it may stay open in the call app.")]
    public static partial void DuplicateCallNotEnded(this ILogger logger, Exception exception, string provider, string callId, ConversationId conversationId);

    [LoggerMessage(7502, LogLevel.Information, "Call {CallId} of conversation {ConversationId} ended after the conversation closed; the end is recorded but not posted.")]
    public static partial void CallEndNotPosted(this ILogger logger, string callId, ConversationId conversationId);

    [LoggerMessage(7901, LogLevel.Warning, "Call app {Provider} failed to {Operation} in conversation {ConversationId}; the caller was answered CallProviderFailed.")]
    public static partial void ProviderFailed(this ILogger logger, Exception exception, string provider, string operation, ConversationId conversationId);

    [LoggerMessage(7902, LogLevel.Warning, "Call app {Provider} could not end call {CallId} of conversation {ConversationId}, which closed; the call is recorded as ended but may stay open in the call app.")]
    public static partial void ClosedConversationCallNotEnded(this ILogger logger, Exception exception, string provider, string callId, ConversationId conversationId);

    [LoggerMessage(7903, LogLevel.Warning, "The end of call {CallId} of conversation {ConversationId}, which closed, could not be recorded in the call store; reading the call later ends it.")]
    public static partial void ClosedConversationCallNotRecorded(this ILogger logger, Exception exception, string callId, ConversationId conversationId);

    [LoggerMessage(7904, LogLevel.Information, "Call {CallId} of conversation {ConversationId} ended because the conversation closed.")]
    public static partial void CallEndedWithConversation(this ILogger logger, string callId, ConversationId conversationId);
}
