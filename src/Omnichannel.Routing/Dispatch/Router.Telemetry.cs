using Omnichannel.Routing.Diagnostics;

namespace Omnichannel.Routing.Dispatch;

/// <summary>Counts an accepted offer as an assignment of its department's algorithm.</summary>
internal sealed partial class Router
{
    private RoutingMetrics? _metrics;

    private void CountAcceptedOffer(DepartmentId department)
    {
        DepartmentRouting? routing;
        lock (_view.Sync)
        {
            routing = _view.Departments.GetValueOrDefault(department);
        }

        _metrics?.Assigned(routing, department);
    }
}
