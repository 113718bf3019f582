using System.Collections.Immutable;
using Omnichannel.Routing.DependencyInjection;

namespace Omnichannel.Simulator.Simulation;

/// <summary>A built-in routing algorithm the simulator compares, with its command-line name.</summary>
internal sealed class AlgorithmChoice
{
    private readonly Action<RoutingBuilder> _configure;

    private AlgorithmChoice(string name, bool isManual, Action<RoutingBuilder> configure, bool usesSkills = false)
    {
        Name = name;
        IsManual = isManual;
        UsesSkills = usesSkills;
        _configure = configure;
    }

    public static AlgorithmChoice Manual { get; } = new("manual", true, static r => r.UseManualSelection());

    public static AlgorithmChoice LeastBusy { get; } = new("least-busy", false, static r => r.UseLeastBusy());

    public static AlgorithmChoice LoadBalancing { get; } = new("load-balancing", false, static r => r.UseLoadBalancing());

    public static AlgorithmChoice RoundRobin { get; } = new("round-robin", false, static r => r.UseRoundRobin());

    public static AlgorithmChoice LongestIdle { get; } = new("longest-idle", false, static r => r.UseLongestIdle());

    /// <summary>Skills: agents with the language at the level needed, then one and two levels lower, then anyone (load balancing within a step).</summary>
    public static AlgorithmChoice Skills { get; } = new("skills", false, static r => r.UseSkills(static o => { o.RelaxationSteps = 2; o.FallBackToAnyAgent = true; }), usesSkills: true);

    /// <summary>Preferred agent over load balancing: the agent who last served the contact when eligible.</summary>
    public static AlgorithmChoice Preferred { get; } = new("preferred", false, static r => r.UseLoadBalancing().PreferAgentsWhoKnowTheContact());

    /// <summary>Preferred agent over skills.</summary>
    public static AlgorithmChoice SkillsPreferred { get; } = new("skills-preferred", false, static r => r.UseSkills(static o => { o.RelaxationSteps = 2; o.FallBackToAnyAgent = true; }).PreferAgentsWhoKnowTheContact(), usesSkills: true);

    /// <summary>Every algorithm the simulator knows, in table order.</summary>
    public static ImmutableArray<AlgorithmChoice> Every { get; } = [Manual, LeastBusy, LoadBalancing, RoundRobin, LongestIdle, Skills, Preferred, SkillsPreferred];

    /// <summary>The algorithms compared by default in the day scenario (skills and preferred agent need the skills scenario to differ).</summary>
    public static ImmutableArray<AlgorithmChoice> All { get; } = [Manual, LeastBusy, LoadBalancing, RoundRobin, LongestIdle];

    /// <summary>The algorithms that assign by themselves (manual selection adds agents' reaction times).</summary>
    public static ImmutableArray<AlgorithmChoice> Automatic { get; } = [.. All.Where(a => !a.IsManual)];

    /// <summary>The skills scenario's default comparison: the automatic algorithms, skills, preferred agent and both.</summary>
    public static ImmutableArray<AlgorithmChoice> WithSkills { get; } = [.. Every.Where(a => !a.IsManual)];

    /// <summary>True when the algorithm reads the conversation's required skills (the run then tells the router what each needs).</summary>
    public bool UsesSkills { get; }

    /// <summary>The name used on the command line and in outputs.</summary>
    public string Name { get; }

    /// <summary>True for manual selection: the simulated agents take from the queue themselves.</summary>
    public bool IsManual { get; }

    /// <summary>Selects this algorithm on a routing builder.</summary>
    public void Configure(RoutingBuilder routing) => _configure(routing);

    public static AlgorithmChoice? Find(string name) =>
        Every.FirstOrDefault(a => string.Equals(a.Name, name, StringComparison.OrdinalIgnoreCase));

    public override string ToString() => Name;
}
