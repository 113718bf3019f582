namespace Omnichannel.Routing.Algorithms;

/// <summary>
/// Settings of skills-based routing (<see cref="RoutingAlgorithms.Skills"/>); the skills a conversation needs are
/// <see cref="RoutingOptions.RequiredSkills"/>.
/// </summary>
/// <remarks>Filled once at start-up, then copied by the algorithm; not thread-safe while being filled.</remarks>
public sealed class SkillsRoutingOptions
{
    /// <summary>How many times the required levels are lowered by one when nobody matches. Default 1; at least 0.</summary>
    public int RelaxationSteps { get; set; } = 1;

    /// <summary>Whether an agent without the skills may serve when no step matched. Default false.</summary>
    public bool FallBackToAnyAgent { get; set; }

    /// <summary>The order among matching agents. Default <see cref="RoutingOrder.LoadBalancing"/>.</summary>
    public RoutingOrder Order { get; set; } = RoutingOrder.LoadBalancing;
}
