using System.Collections.Immutable;
using Omnichannel.Routing.DependencyInjection;

namespace Omnichannel.Simulator.Simulation;

/// <summary>A built-in routing algorithm the simulator compares, with its command-line name.</summary>
internal sealed class AlgorithmChoice
{
    private readonly Action<RoutingBuilder> _configure;

    private AlgorithmChoice(string name, bool isManual, Action<RoutingBuilder> configure)
    {
        Name = name;
        IsManual = isManual;
        _configure = configure;
    }

    public static AlgorithmChoice Manual { get; } = new("manual", true, static r => r.UseManualSelection());

    public static AlgorithmChoice LeastBusy { get; } = new("least-busy", false, static r => r.UseLeastBusy());

    public static AlgorithmChoice LoadBalancing { get; } = new("load-balancing", false, static r => r.UseLoadBalancing());

    public static AlgorithmChoice RoundRobin { get; } = new("round-robin", false, static r => r.UseRoundRobin());

    public static AlgorithmChoice LongestIdle { get; } = new("longest-idle", false, static r => r.UseLongestIdle());

    /// <summary>Every algorithm compared by default, in table order.</summary>
    public static ImmutableArray<AlgorithmChoice> All { get; } = [Manual, LeastBusy, LoadBalancing, RoundRobin, LongestIdle];

    /// <summary>The algorithms that assign by themselves (manual selection adds agents' reaction times).</summary>
    public static ImmutableArray<AlgorithmChoice> Automatic { get; } = [.. All.Where(a => !a.IsManual)];

    /// <summary>The name used on the command line and in outputs.</summary>
    public string Name { get; }

    /// <summary>True for manual selection: the simulated agents take from the queue themselves.</summary>
    public bool IsManual { get; }

    /// <summary>Selects this algorithm on a routing builder.</summary>
    public void Configure(RoutingBuilder routing) => _configure(routing);

    public static AlgorithmChoice? Find(string name) =>
        All.FirstOrDefault(a => string.Equals(a.Name, name, StringComparison.OrdinalIgnoreCase));

    public override string ToString() => Name;
}
