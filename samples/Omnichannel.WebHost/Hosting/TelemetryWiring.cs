using Omnichannel.Diagnostics;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Omnichannel.WebHost.Hosting;

/// <summary>
/// OpenTelemetry for the host: Omnichannel's meter and activity source (docs/observability.md), exported to the console
/// when <c>WebHost:Telemetry:Console</c> is true (<c>--WebHost:Telemetry:Console=true</c>). A real deployment adds its
/// OTLP or Prometheus exporter here instead.
/// </summary>
internal static class TelemetryWiring
{
    public static IServiceCollection AddOmnichannelTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        var console = configuration.GetValue<bool>("WebHost:Telemetry:Console");
        services.AddOpenTelemetry()
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(OmnichannelDiagnostics.MeterName);
                if (console)
                {
                    metrics.AddConsoleExporter();
                }
            })
            .WithTracing(tracing =>
            {
                tracing.AddSource(OmnichannelDiagnostics.ActivitySourceName);
                if (console)
                {
                    tracing.AddConsoleExporter();
                }
            });
        return services;
    }
}
