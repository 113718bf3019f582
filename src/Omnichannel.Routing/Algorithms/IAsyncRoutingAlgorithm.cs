namespace Omnichannel.Routing.Algorithms;

/// <summary>
/// A routing algorithm that needs I/O (for example asking an external service). The router gives it a snapshot
/// of the eligible agents' ids outside its lock, then checks the answer is still eligible.
/// </summary>
/// <remarks>Implementations must be thread-safe.</remarks>
public interface IAsyncRoutingAlgorithm
{
    /// <summary>Returns the agent to assign, one of <paramref name="eligibleAgents"/>, or null to leave it queued.</summary>
    /// <param name="request">The conversation to route.</param>
    /// <param name="eligibleAgents">The eligible agents, ordered by id.</param>
    /// <param name="cancellationToken">Cancels the decision.</param>
    /// <returns>The chosen agent, or null.</returns>
    ValueTask<AgentId?> SelectAgentAsync(RoutingRequest request, IReadOnlyList<AgentId> eligibleAgents, CancellationToken cancellationToken);
}
