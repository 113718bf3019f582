using Omnichannel.Agents;
using Omnichannel.DependencyInjection;

namespace Omnichannel.Routing.Dispatch;

/// <summary>
/// The workspace settings of Core that routing applies: on-hold conversations counted or not, the workspace's limit per
/// agent (in the one capacity rule, <see cref="Capacity.CapacityClaim"/>), Away agents routed or not, bots first or not.
/// </summary>
/// <param name="CountOnHold"><see cref="OmnichannelOptions.CountOnHoldTowardCapacity"/>.</param>
/// <param name="WorkspaceLimit"><see cref="OmnichannelOptions.MaxConversationsPerAgent"/>.</param>
/// <param name="RouteToAway"><see cref="OmnichannelOptions.RouteToAwayAgents"/>.</param>
/// <param name="BotsFirst"><see cref="OmnichannelOptions.AssignNewConversationsToBotsFirst"/>.</param>
/// <remarks>Immutable and thread-safe.</remarks>
internal sealed record WorkspaceRules(bool CountOnHold, int WorkspaceLimit, bool RouteToAway, bool BotsFirst)
{
    public static WorkspaceRules From(OmnichannelOptions options) =>
        new(options.CountOnHoldTowardCapacity, options.MaxConversationsPerAgent, options.RouteToAwayAgents, options.AssignNewConversationsToBotsFirst);

    /// <summary>True when routing may give <paramref name="agent"/> conversations: Available (or Away when allowed), an omnichannel agent permitted to take them.</summary>
    public bool IsRoutable(Agent agent) =>
        (agent.Status == AgentStatus.Available || (RouteToAway && agent.Status == AgentStatus.Away))
        && agent.IsOmnichannelAgent && !agent.Deactivated && agent.Has(AgentPermissions.TakeConversation);
}
