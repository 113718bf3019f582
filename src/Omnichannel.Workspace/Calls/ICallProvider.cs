namespace Omnichannel.Workspace.Calls;

/// <summary>
/// The port to the host's installed call app (Jitsi, a video-conference service, a phone system). Register one to
/// enable calls: <c>services.AddSingleton&lt;ICallProvider, MyCallApp&gt;()</c>; with several, the last registered is
/// used. When the call app learns that a call ended (everyone left, a webhook), the host calls
/// <see cref="ICallService.CallEndedAsync"/>.
/// </summary>
/// <remarks>
/// Implementations must be thread-safe. An exception they throw (or a timeout of their own) means the call app failed:
/// <see cref="ICallService"/> logs it and answers <see cref="Operations.OperationErrorCode.CallProviderFailed"/>, naming the
/// conversation and the operation, and records nothing the call app did not do. Only the caller's own cancellation
/// propagates (as <see cref="OperationCanceledException"/>). When a conversation closes, its active call is ended through
/// <see cref="EndCallAsync"/>; a failure then is logged and the close still succeeds.
/// </remarks>
public interface ICallProvider
{
    /// <summary>The call app's name, recorded with each call (for example "jitsi").</summary>
    string Name { get; }

    /// <summary>Sets up a call and returns how to join it.</summary>
    /// <param name="request">The conversation, agent, contact and media.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The call's identifier and join links.</returns>
    ValueTask<CallStart> StartCallAsync(CallRequest request, CancellationToken cancellationToken);

    /// <summary>Ends a call (an agent hung up, or a duplicate call must be discarded). Ending an ended call does nothing.</summary>
    /// <param name="callId">The call app's identifier, from <see cref="CallStart.CallId"/>.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>A task that completes when the call app has ended the call.</returns>
    ValueTask EndCallAsync(string callId, CancellationToken cancellationToken);
}
