namespace Omnichannel.Routing.Algorithms;

/// <summary>
/// Chooses which eligible agent gets a queued conversation. Implement it to plug your own rule:
/// <code>
/// sealed class FewestOnHold : IRoutingAlgorithm
/// {
///     public AgentId? SelectAgent(in RoutingRequest request, EligibleAgents agents) =>
///         agents.MinBy(static a => (a.OnHoldConversations, a.Id.Value))?.Id;
/// }
/// </code>
/// and select it with <c>AddOmnichannelRouting(r => r.UseAlgorithm(new FewestOnHold()))</c>.
/// </summary>
/// <remarks>
/// The router calls it under its lock, one decision at a time, so it must be quick and must not block; an algorithm
/// that needs I/O implements <see cref="IAsyncRoutingAlgorithm"/> instead. Implementations may be called from
/// different threads (never concurrently by one router).
/// </remarks>
public interface IRoutingAlgorithm
{
    /// <summary>Returns the agent to assign, one of <paramref name="agents"/>, or null to leave the conversation queued.</summary>
    /// <param name="request">The conversation to route.</param>
    /// <param name="agents">The agents eligible for it right now: available, members, under every capacity, not excluded.</param>
    /// <returns>The chosen agent, or null.</returns>
    AgentId? SelectAgent(in RoutingRequest request, EligibleAgents agents);
}
