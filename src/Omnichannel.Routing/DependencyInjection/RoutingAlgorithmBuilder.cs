using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Omnichannel.Routing.Algorithms;

namespace Omnichannel.Routing.DependencyInjection;

/// <summary>Chooses a routing algorithm, globally (<see cref="RoutingBuilder"/>) or for one department (<see cref="DepartmentRoutingBuilder"/>).</summary>
/// <typeparam name="TSelf">The concrete builder, returned for chaining.</typeparam>
/// <remarks>Used once at start-up; not thread-safe.</remarks>
public abstract class RoutingAlgorithmBuilder<TSelf>
    where TSelf : RoutingAlgorithmBuilder<TSelf>
{
    private protected RoutingAlgorithmBuilder()
    {
    }

    internal Func<IServiceProvider, object>? AlgorithmFactory { get; private set; }

    internal bool PrefersKnownAgents { get; private set; }

    /// <summary>Uses a custom algorithm instance.</summary>
    /// <param name="algorithm">The algorithm (an <see cref="IRoutingAlgorithm"/>, or also an <see cref="IAsyncRoutingAlgorithm"/>).</param>
    /// <returns>This builder.</returns>
    public TSelf UseAlgorithm(IRoutingAlgorithm algorithm)
    {
        ArgumentNullException.ThrowIfNull(algorithm);
        return Use(_ => algorithm);
    }

    /// <summary>Uses a custom algorithm created from the service provider (its constructor may take services).</summary>
    /// <typeparam name="TAlgorithm">The algorithm type.</typeparam>
    /// <returns>This builder.</returns>
    public TSelf UseAlgorithm<TAlgorithm>()
        where TAlgorithm : class, IRoutingAlgorithm => Use(static sp => ActivatorUtilities.GetServiceOrCreateInstance<TAlgorithm>(sp));

    /// <summary>Manual selection: eligible agents are alerted and take conversations themselves.</summary>
    /// <returns>This builder.</returns>
    public TSelf UseManualSelection() => UseAlgorithm(RoutingAlgorithms.ManualSelection);

    /// <summary>Auto selection / least busy (the default).</summary>
    /// <returns>This builder.</returns>
    public TSelf UseLeastBusy() => UseAlgorithm(RoutingAlgorithms.LeastBusy);

    /// <summary>Load balancing.</summary>
    /// <returns>This builder.</returns>
    public TSelf UseLoadBalancing() => UseAlgorithm(RoutingAlgorithms.LoadBalancing);

    /// <summary>Load rotation (round robin).</summary>
    /// <returns>This builder.</returns>
    public TSelf UseRoundRobin() => UseAlgorithm(RoutingAlgorithms.RoundRobin);

    /// <summary>Longest idle.</summary>
    /// <returns>This builder.</returns>
    public TSelf UseLongestIdle() => UseAlgorithm(RoutingAlgorithms.LongestIdle);

    /// <summary>Skills-based routing; see <see cref="RoutingAlgorithms.Skills"/>. Set <see cref="RoutingOptions.RequiredSkills"/> too.</summary>
    /// <param name="configure">Changes to the default <see cref="SkillsRoutingOptions"/>; optional.</param>
    /// <returns>This builder.</returns>
    /// <example><code>routing.UseSkills(o => { o.RelaxationSteps = 2; o.FallBackToAnyAgent = true; })</code></example>
    public TSelf UseSkills(Action<SkillsRoutingOptions>? configure = null)
    {
        var options = new SkillsRoutingOptions();
        configure?.Invoke(options);
        return UseAlgorithm(RoutingAlgorithms.Skills(options));
    }

    /// <summary>External routing: the registered <see cref="IExternalRouter"/> decides within <paramref name="timeout"/>, else <paramref name="fallback"/>.</summary>
    /// <param name="timeout">How long to wait for the external router.</param>
    /// <param name="fallback">The algorithm used when it does not answer usefully; least busy when null.</param>
    /// <returns>This builder.</returns>
    public TSelf UseExternal(TimeSpan timeout, IRoutingAlgorithm? fallback = null)
    {
        // Checked here, when routing is configured: the algorithm itself is only built when the first conversation is routed.
        ExternalRoutingAlgorithm.CheckTimeout(timeout);
        return Use(sp => new ExternalRoutingAlgorithm(sp.GetRequiredService<IExternalRouter>(), timeout, fallback ?? RoutingAlgorithms.LeastBusy, sp.GetRequiredService<ILogger<ExternalRoutingAlgorithm>>()));
    }

    /// <summary>Prefers the contact's manager, then the agent who last served the contact, when eligible; wraps the chosen algorithm.</summary>
    /// <returns>This builder.</returns>
    public TSelf PreferAgentsWhoKnowTheContact()
    {
        PrefersKnownAgents = true;
        return (TSelf)this;
    }

    private TSelf Use(Func<IServiceProvider, object> factory)
    {
        AlgorithmFactory = factory;
        return (TSelf)this;
    }
}
