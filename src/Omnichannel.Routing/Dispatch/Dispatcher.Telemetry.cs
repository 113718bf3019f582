using Omnichannel.Routing.Diagnostics;

namespace Omnichannel.Routing.Dispatch;

/// <summary>The span and duration of each reconciliation.</summary>
internal sealed partial class Dispatcher
{
    /// <summary><see cref="ReconcileAsync"/> inside an <c>omnichannel.routing.reconcile</c> span, timed in <c>omnichannel.routing.reconcile.duration</c>.</summary>
    private async ValueTask TracedReconcileAsync(CancellationToken cancellationToken)
    {
        using var activity = RoutingActivitySource.Source.StartActivity(RoutingActivitySource.ReconcileSpan);
        using var timing = metrics.TimeReconcile();
        try
        {
            await ReconcileAsync(cancellationToken).ConfigureAwait(false);
            activity?.SetTag("omnichannel.result", "ok");
        }
        catch (Exception exception)
        {
            RoutingActivitySource.SetError(activity, exception);
            throw;
        }
    }
}
