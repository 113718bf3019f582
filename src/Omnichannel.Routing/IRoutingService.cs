using Omnichannel.Conversations;
using Omnichannel.Operations;
using Omnichannel.Routing.Queues;

namespace Omnichannel.Routing;

/// <summary>
/// The router. It reacts to domain events by itself (a new conversation, an agent becoming available, freed
/// capacity); hosts call it to answer offers, to read queue positions, and to start it after a restart.
/// </summary>
/// <remarks>Thread-safe. Dispatch passes are serialized; events arriving during a pass are handled by that pass.</remarks>
public interface IRoutingService
{
    /// <summary>Loads agents, loads and queues from the stores. Idempotent; also done on the first event.</summary>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>A task that completes when routing knows the current state.</returns>
    ValueTask StartAsync(CancellationToken cancellationToken = default);

    /// <summary>Runs a dispatch pass over every department now and waits until no pass is running.</summary>
    /// <param name="cancellationToken">Cancels the pass.</param>
    /// <returns>A task that completes when routing is idle.</returns>
    ValueTask DispatchAsync(CancellationToken cancellationToken = default);

    /// <summary>In offer mode, the agent accepts the conversation offered to them: it is assigned to them.</summary>
    /// <param name="conversation">The conversation.</param>
    /// <param name="agent">The agent it was offered to.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The assigned conversation, or why not (no such offer, expired, ...).</returns>
    ValueTask<OperationResult<Conversation>> AcceptOfferAsync(ConversationId conversation, AgentId agent, CancellationToken cancellationToken = default);

    /// <summary>In offer mode, the agent declines: it is offered to another agent, or after too many declines goes back to the queue keeping its place.</summary>
    /// <param name="conversation">The conversation.</param>
    /// <param name="agent">The agent it was offered to.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>Success, or why not (no such offer).</returns>
    ValueTask<OperationResult> DeclineOfferAsync(ConversationId conversation, AgentId agent, CancellationToken cancellationToken = default);

    /// <summary>The department's queue in order, with positions and estimated waits, computed now.</summary>
    /// <param name="department">The department.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The queued conversations, first to be served first.</returns>
    ValueTask<IReadOnlyList<QueuePosition>> GetQueueAsync(DepartmentId department, CancellationToken cancellationToken = default);
}
