namespace Omnichannel.Diagnostics;

/// <summary>
/// The names under which the Omnichannel packages publish their metrics (<see cref="System.Diagnostics.Metrics.Meter"/>)
/// and traces (<see cref="System.Diagnostics.ActivitySource"/>), for a host to subscribe to, e.g. with OpenTelemetry's
/// <c>AddMeter(OmnichannelDiagnostics.MeterName)</c> and <c>AddSource(OmnichannelDiagnostics.ActivitySourceName)</c>.
/// Every instrument and span is listed in docs/observability.md.
/// </summary>
/// <remarks>Constants only: thread-safe.</remarks>
public static class OmnichannelDiagnostics
{
    /// <summary>The name of the one meter all Omnichannel packages record their instruments on.</summary>
    public const string MeterName = "Omnichannel";

    /// <summary>The name of the activity source all Omnichannel packages start their spans from.</summary>
    public const string ActivitySourceName = "Omnichannel";
}
