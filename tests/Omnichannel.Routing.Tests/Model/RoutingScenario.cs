using Omnichannel.Agents;
using Omnichannel.Conversations;

namespace Omnichannel.Routing.Tests.Model;

/// <summary>One agent of a generated set-up.</summary>
internal sealed record AgentSetup(int DepartmentMask, int Limit, AgentStatus Status)
{
    public override string ToString() => $"(depts {DepartmentMask}, limit {Limit}, {Status})";
}

/// <summary>
/// A generated routing world: three departments with per-agent limits, agents with memberships, limits and a
/// starting status, the algorithm, whether on-hold counts, and the steps to run.
/// </summary>
internal sealed record RoutingScenario(int[] DepartmentLimits, AgentSetup[] Agents, int Algorithm, bool CountOnHold, bool PreferKnownAgents, RoutingStep[] Steps)
{
    public override string ToString() =>
        $"departments [{string.Join(", ", DepartmentLimits)}], agents [{string.Join(", ", Agents.Select(a => a.ToString()))}], algorithm {Algorithm}, "
        + $"countOnHold {CountOnHold}, prefer {PreferKnownAgents}, steps:{Environment.NewLine}  {string.Join(Environment.NewLine + "  ", Steps.Select(s => s.ToString()))}";
}

/// <summary>A step; indexes pick among what exists when it runs (modulo), so shrunk scenarios stay valid.</summary>
internal abstract record RoutingStep
{
    public sealed record Arrive(int Contact, int Department) : RoutingStep;

    public sealed record SetStatus(int Agent, AgentStatus Status) : RoutingStep;

    public sealed record Close(int Pick) : RoutingStep;

    public sealed record Hold(int Pick) : RoutingStep;

    /// <summary>The contact of an open conversation writes again (resumes it when on hold).</summary>
    public sealed record Reply(int Pick) : RoutingStep;

    public sealed record Resume(int Pick) : RoutingStep;

    public sealed record ReturnToQueue(int Pick) : RoutingStep;

    public sealed record ForwardToDepartment(int Pick, int Department) : RoutingStep;

    public sealed record ForwardToAgent(int Pick, int Agent) : RoutingStep;

    /// <summary>An agent takes a queued conversation by hand.</summary>
    public sealed record Take(int Pick, int Agent) : RoutingStep;

    /// <summary>A supervisor edits the priority of an open conversation.</summary>
    public sealed record SetPriority(int Pick, ConversationPriority Priority) : RoutingStep;

    public sealed record Advance(int Seconds) : RoutingStep;
}
