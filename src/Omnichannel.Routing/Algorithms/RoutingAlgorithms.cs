namespace Omnichannel.Routing.Algorithms;

/// <summary>The built-in routing algorithms (see docs/routing.md for each rule and tie-break).</summary>
/// <remarks>Every algorithm returned is stateless and thread-safe.</remarks>
public static class RoutingAlgorithms
{
    /// <summary>Manual selection: nobody is assigned; the eligible agents are alerted and take from the queue.</summary>
    public static IRoutingAlgorithm ManualSelection { get; } = new ManualSelectionAlgorithm();

    /// <summary>Auto selection / least busy: fewest current open conversations (on hold included); then longest since last routed; then id.</summary>
    public static IRoutingAlgorithm LeastBusy { get; } = new OrderedAlgorithm(RoutingOrder.LeastBusy);

    /// <summary>Load balancing: fewest open conversations not on hold; then longest since last routed; then id.</summary>
    public static IRoutingAlgorithm LoadBalancing { get; } = new OrderedAlgorithm(RoutingOrder.LoadBalancing);

    /// <summary>Load rotation (round robin): longest since last routed, among agents under capacity; then id.</summary>
    public static IRoutingAlgorithm RoundRobin { get; } = new OrderedAlgorithm(RoutingOrder.RoundRobin);

    /// <summary>Longest idle: longest since the agent last finished a conversation or became available; then id.</summary>
    public static IRoutingAlgorithm LongestIdle { get; } = new OrderedAlgorithm(RoutingOrder.LongestIdle);

    /// <summary>
    /// Skills: agents with every required skill at the required level first; then, step by step, each level
    /// lowered by one (up to <see cref="SkillsRoutingOptions.RelaxationSteps"/> steps); optionally any eligible agent
    /// last. Within a step, agents are taken in <see cref="SkillsRoutingOptions.Order"/>.
    /// </summary>
    /// <param name="options">The settings; the defaults of <see cref="SkillsRoutingOptions"/> when null. Copied.</param>
    /// <returns>The algorithm.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="SkillsRoutingOptions.RelaxationSteps"/> is negative, or <see cref="SkillsRoutingOptions.Order"/> is not a defined order.</exception>
    public static IRoutingAlgorithm Skills(SkillsRoutingOptions? options = null)
    {
        options ??= new SkillsRoutingOptions();
        ArgumentOutOfRangeException.ThrowIfNegative(options.RelaxationSteps, $"{nameof(SkillsRoutingOptions)}.{nameof(SkillsRoutingOptions.RelaxationSteps)}");
        EligibleAgents.CheckOrder(options.Order, $"{nameof(SkillsRoutingOptions)}.{nameof(SkillsRoutingOptions.Order)}");
        return new SkillsAlgorithm(options.RelaxationSteps, options.FallBackToAnyAgent, options.Order);
    }

    /// <summary>
    /// Preferred agent: the contact's manager, else the agent who last served the contact, when eligible;
    /// otherwise <paramref name="inner"/> decides.
    /// </summary>
    /// <param name="inner">The algorithm used when no preferred agent is eligible.</param>
    /// <returns>The algorithm.</returns>
    public static IRoutingAlgorithm PreferredAgent(IRoutingAlgorithm inner)
    {
        ArgumentNullException.ThrowIfNull(inner);
        return new PreferredAgentAlgorithm(inner);
    }

    private sealed class ManualSelectionAlgorithm : IRoutingAlgorithm
    {
        public AgentId? SelectAgent(in RoutingRequest request, EligibleAgents agents) => null;
    }

    private sealed class OrderedAlgorithm(RoutingOrder order) : IRoutingAlgorithm
    {
        public AgentId? SelectAgent(in RoutingRequest request, EligibleAgents agents) => agents.First(order)?.Id;
    }

    private sealed class PreferredAgentAlgorithm(IRoutingAlgorithm inner) : IRoutingAlgorithm
    {
        public AgentId? SelectAgent(in RoutingRequest request, EligibleAgents agents)
        {
            foreach (var preferred in request.PreferredAgents.IsDefault ? [] : request.PreferredAgents)
            {
                if (agents.Contains(preferred))
                {
                    return preferred;
                }
            }

            return inner.SelectAgent(request, agents);
        }
    }

    private sealed class SkillsAlgorithm(int relaxationSteps, bool fallBackToAnyAgent, RoutingOrder order) : IRoutingAlgorithm
    {
        public AgentId? SelectAgent(in RoutingRequest request, EligibleAgents agents)
        {
            var required = request.RequiredSkills;
            if (required.IsDefaultOrEmpty)
            {
                return agents.First(order)?.Id;
            }

            for (var step = 0; step <= relaxationSteps; step++)
            {
                foreach (var agent in agents.InOrder(order))
                {
                    if (Matches(agent, required, step))
                    {
                        return agent.Id;
                    }
                }
            }

            return fallBackToAnyAgent ? agents.First(order)?.Id : null;
        }

        private static bool Matches(RoutedAgent agent, System.Collections.Immutable.ImmutableArray<SkillRequirement> required, int step)
        {
            foreach (var requirement in required)
            {
                if (!agent.Skills.TryGetValue(requirement.Skill, out var level) || level < Math.Max(1, requirement.Level - step))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
