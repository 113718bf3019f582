using Omnichannel.Routing.Algorithms;

namespace Omnichannel.Routing.DependencyInjection;

/// <summary>
/// Which algorithm each department uses, as configured by <see cref="RoutingBuilder"/>; least busy when nothing was chosen.
/// Algorithms the host registered by type (<c>UseAlgorithm&lt;T&gt;</c>, <c>UseExternal</c>) are built from the container
/// the selection was created with.
/// </summary>
/// <remarks>Immutable after start-up; thread-safe.</remarks>
internal sealed class RoutingAlgorithmSelection(RoutingBuilder builder, IServiceProvider services)
{
    /// <summary>Creates the algorithm of <paramref name="department"/> and says whether it wants preferred agents computed.</summary>
    public (object Algorithm, bool UsesPreferredAgents) Create(DepartmentId department)
    {
        var chosen = builder.Departments.GetValueOrDefault(department);
        var factory = chosen?.AlgorithmFactory ?? builder.AlgorithmFactory;
        // A department with its own algorithm decides for itself; otherwise the global choice applies (or its own opt-in).
        var prefers = chosen?.AlgorithmFactory is not null ? chosen.PrefersKnownAgents : builder.PrefersKnownAgents || (chosen?.PrefersKnownAgents ?? false);
        var algorithm = factory?.Invoke(services) ?? RoutingAlgorithms.LeastBusy;
        if (prefers && algorithm is IRoutingAlgorithm sync && algorithm is not IAsyncRoutingAlgorithm)
        {
            algorithm = RoutingAlgorithms.PreferredAgent(sync);
        }

        return (algorithm, prefers);
    }
}
