namespace Omnichannel.Routing.Algorithms;

/// <summary>A host-supplied service that picks the agent (the "external" routing method).</summary>
/// <remarks>Implementations must be thread-safe.</remarks>
public interface IExternalRouter
{
    /// <summary>Returns one of <paramref name="eligibleAgents"/>, or null to let the fallback algorithm decide.</summary>
    /// <param name="request">The conversation to route.</param>
    /// <param name="eligibleAgents">The eligible agents, ordered by id.</param>
    /// <param name="cancellationToken">Cancelled when the configured timeout passes.</param>
    /// <returns>The chosen agent, or null.</returns>
    ValueTask<AgentId?> SelectAgentAsync(RoutingRequest request, IReadOnlyList<AgentId> eligibleAgents, CancellationToken cancellationToken);
}
