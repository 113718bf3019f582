using System.Diagnostics;
using Omnichannel.Diagnostics;

namespace Omnichannel.Routing.Diagnostics;

/// <summary>Routing's spans, from the activity source named <see cref="OmnichannelDiagnostics.ActivitySourceName"/>.</summary>
internal static class RoutingActivitySource
{
    public const string AssignSpan = "omnichannel.routing.assign";
    public const string ReconcileSpan = "omnichannel.routing.reconcile";

    public static readonly ActivitySource Source = new(OmnichannelDiagnostics.ActivitySourceName, typeof(RoutingActivitySource).Assembly.GetName().Version?.ToString());

    public static void SetError(Activity? activity, Exception exception)
    {
        if (activity is null)
        {
            return;
        }

        activity.SetStatus(ActivityStatusCode.Error, exception.Message);
        activity.SetTag("error.type", exception.GetType().FullName);
        activity.SetTag("omnichannel.result", "exception");
        activity.AddException(exception);
    }
}
