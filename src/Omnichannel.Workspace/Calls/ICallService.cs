using Omnichannel.Operations;

namespace Omnichannel.Workspace.Calls;

/// <summary>
/// Audio and video calls with the contact through the host's call app (<see cref="ICallProvider"/>). The start and
/// the end of every call are posted in the conversation as system messages, so they appear in its transcript.
/// Without a registered provider every operation answers <see cref="OperationErrorCode.NoCallProvider"/>; when the call app
/// fails, <see cref="OperationErrorCode.CallProviderFailed"/>. A conversation that closes ends its active call.
/// </summary>
/// <remarks>Implementations are thread-safe; at most one call is active per conversation, even when agents start one at once.</remarks>
public interface ICallService
{
    /// <summary>True when a call app is installed (an <see cref="ICallProvider"/> is registered), so the call button can be shown.</summary>
    bool IsAvailable { get; }

    /// <summary>
    /// Starts a call in a taken conversation, or returns the call already active there (the "Join Call" button).
    /// The agent needs <see cref="Agents.AgentPermissions.StartCall"/> and must serve the conversation, be invited
    /// to it or manage its department.
    /// </summary>
    /// <param name="conversation">The conversation.</param>
    /// <param name="agent">The agent calling.</param>
    /// <param name="media">Video (default) or audio only.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The active call with its join links.</returns>
    ValueTask<OperationResult<ConversationCall>> StartCallAsync(ConversationId conversation, AgentId agent, CallMedia media = CallMedia.Video, CancellationToken cancellationToken = default);

    /// <summary>The call active in a conversation, with its join links, for an agent in the conversation.</summary>
    /// <param name="conversation">The conversation.</param>
    /// <param name="agent">The agent joining.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The active call, or <see cref="OperationErrorCode.NotFound"/> when there is none.</returns>
    ValueTask<OperationResult<ConversationCall>> GetActiveCallAsync(ConversationId conversation, AgentId agent, CancellationToken cancellationToken = default);

    /// <summary>An agent hangs up: the call app ends the call and its end is posted in the conversation.</summary>
    /// <param name="conversation">The conversation.</param>
    /// <param name="agent">An agent in the conversation (or a manager of its department).</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The ended call.</returns>
    ValueTask<OperationResult<ConversationCall>> EndCallAsync(ConversationId conversation, AgentId agent, CancellationToken cancellationToken = default);

    /// <summary>
    /// The host reports that the call app ended a call (everyone left): its end is recorded and posted in the
    /// conversation (unless the conversation has closed meanwhile). Reporting an end twice is harmless.
    /// </summary>
    /// <param name="conversation">The conversation.</param>
    /// <param name="callId">The call app's identifier of the call.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The ended call.</returns>
    ValueTask<OperationResult<ConversationCall>> CallEndedAsync(ConversationId conversation, string callId, CancellationToken cancellationToken = default);
}
