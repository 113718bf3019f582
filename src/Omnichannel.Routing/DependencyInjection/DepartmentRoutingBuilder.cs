namespace Omnichannel.Routing.DependencyInjection;

/// <summary>Chooses the routing algorithm of one department.</summary>
/// <remarks>Used once at start-up; not thread-safe.</remarks>
public sealed class DepartmentRoutingBuilder : RoutingAlgorithmBuilder<DepartmentRoutingBuilder>
{
    internal DepartmentRoutingBuilder()
    {
    }
}
