using Omnichannel.Conversations;
using Omnichannel.Operations;
using Omnichannel.Routing.Queues;

namespace Omnichannel.Routing;

/// <summary>
/// The router. It routes by itself, off the callers' threads: domain events wake its dispatcher, which also re-reads the
/// stores at least every <see cref="RoutingOptions.ReconcileInterval"/>. Hosts call it to start it (without a generic
/// host), to answer offers, and to read queue positions.
/// </summary>
/// <remarks>Thread-safe. Dispatch passes never overlap; work arriving during a pass is done by that pass or the next.</remarks>
public interface IRoutingService
{
    /// <summary>
    /// Starts the dispatcher (the hosted service does it with a generic host; the first event does it otherwise) and loads
    /// agents, loads and queues from the stores. Idempotent.
    /// </summary>
    /// <param name="cancellationToken">Stops waiting for the load (the dispatcher goes on loading by itself).</param>
    /// <returns>A task that completes when routing knows the current state.</returns>
    /// <exception cref="ObjectDisposedException">The router was stopped with its container.</exception>
    ValueTask StartAsync(CancellationToken cancellationToken = default);

    /// <summary>Runs a dispatch pass now, reconciling every department with the stores first, and waits for it.</summary>
    /// <param name="cancellationToken">Stops waiting (the pass itself runs with the router's own cancellation).</param>
    /// <returns>A task that completes when the pass has ended.</returns>
    /// <exception cref="ObjectDisposedException">The router was stopped with its container.</exception>
    ValueTask DispatchAsync(CancellationToken cancellationToken = default);

    /// <summary>In offer mode, the agent accepts the conversation offered to them: it is assigned to them.</summary>
    /// <param name="conversation">The conversation.</param>
    /// <param name="agent">The agent it was offered to.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The assigned conversation, or why not (no such offer, expired, ...).</returns>
    /// <exception cref="ArgumentException">An identifier is default (it names nothing).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled (nothing changed).</exception>
    ValueTask<OperationResult<Conversation>> AcceptOfferAsync(ConversationId conversation, AgentId agent, CancellationToken cancellationToken = default);

    /// <summary>
    /// In offer mode, the agent declines: it is offered to another agent (the decliner is passed over for
    /// <see cref="RoutingOptions.RetryExcludedAgentAfter"/>), or after too many declines goes back to the queue keeping its place.
    /// </summary>
    /// <param name="conversation">The conversation.</param>
    /// <param name="agent">The agent it was offered to.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>Success, or why not (no such offer).</returns>
    /// <exception cref="ArgumentException">An identifier is default (it names nothing).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled (nothing changed).</exception>
    ValueTask<OperationResult> DeclineOfferAsync(ConversationId conversation, AgentId agent, CancellationToken cancellationToken = default);

    /// <summary>The department's queue in order, with positions and estimated waits, as the router sees it now.</summary>
    /// <param name="department">The department.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The queued conversations, first to be served first.</returns>
    /// <exception cref="ArgumentException">An identifier is default (it names nothing).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled (nothing changed).</exception>
    ValueTask<IReadOnlyList<QueuePosition>> GetQueueAsync(DepartmentId department, CancellationToken cancellationToken = default);
}
