using Omnichannel.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace Omnichannel.Simulator.Output;

/// <summary>
/// <c>--metrics</c>: an OpenTelemetry meter provider listening to Omnichannel's meter in every run of this process, with
/// the console exporter. It exports once, when disposed at the end of the runs (the runs are in virtual time, so a
/// periodic export in wall-clock time would cut them at arbitrary points).
/// </summary>
internal static class SimulatorTelemetry
{
    public static MeterProvider Start() =>
        Sdk.CreateMeterProviderBuilder()
            .AddMeter(OmnichannelDiagnostics.MeterName)
            .AddConsoleExporter((_, reader) => reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = int.MaxValue)
            .Build();
}
