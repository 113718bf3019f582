using System.Diagnostics;
using System.Diagnostics.Metrics;
using Omnichannel.Diagnostics;
using Omnichannel.Routing.Algorithms;
using Omnichannel.Routing.Dispatch;

namespace Omnichannel.Routing.Diagnostics;

/// <summary>
/// Routing's instruments on the meter named <see cref="OmnichannelDiagnostics.MeterName"/>: the same meter as Core's when
/// the host registered an <see cref="IMeterFactory"/> (it hands out one meter per name); otherwise a meter of its own,
/// with the same name, disposed with the container.
/// </summary>
/// <remarks>Thread-safe: instruments are.</remarks>
internal sealed class RoutingMetrics : IDisposable
{
    private const string DepartmentTag = "omnichannel.department.id";
    private const string AlgorithmTag = "omnichannel.routing.algorithm";

    private readonly Meter _meter;
    private readonly bool _ownsMeter;
    private readonly Counter<long> _assignments;
    private readonly Histogram<double> _decision;
    private readonly Histogram<double> _reconcile;

    public RoutingMetrics(IMeterFactory? meterFactory)
    {
        _ownsMeter = meterFactory is null;
        _meter = meterFactory?.Create(OmnichannelDiagnostics.MeterName) ?? new Meter(OmnichannelDiagnostics.MeterName);
        _assignments = _meter.CreateCounter<long>("omnichannel.assignments", "{assignment}", "Conversations the router assigned to an agent (offers accepted included), by algorithm and department.");
        _decision = _meter.CreateHistogram<double>("omnichannel.routing.decision.duration", "s", "How long the router took to choose the next conversation and agent of a department.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.00001, 0.00005, 0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1] });
        _reconcile = _meter.CreateHistogram<double>("omnichannel.routing.reconcile.duration", "s", "How long a reconciliation of the router's view with the stores took.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30] });
    }

    public void Assigned(DepartmentRouting? routing, DepartmentId department)
    {
        if (_assignments.Enabled) // nobody listens: no look-up of the algorithm's name per assignment
        {
            _assignments.Add(1, new(DepartmentTag, department.Value), new(AlgorithmTag, AlgorithmName(routing)));
        }
    }

    /// <summary>Times one decision; dispose the result when it is made (it is a struct: nothing is allocated).</summary>
    public Timing TimeDecision(DepartmentRouting routing) =>
        _decision.Enabled
            ? new(_decision, Stopwatch.GetTimestamp(), new(DepartmentTag, routing.Id.Value), new(AlgorithmTag, AlgorithmName(routing)))
            : default; // nobody listens: no clock read (a system call on some virtual machines) per decision

    /// <summary>Times one reconciliation of every department this process holds.</summary>
    public Timing TimeReconcile() => new(_reconcile, Stopwatch.GetTimestamp(), default, default);

    public void Dispose()
    {
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }

    /// <summary>
    /// The algorithm's name in snake case: least_busy, load_balancing, round_robin, longest_idle, manual_selection for the
    /// built-in ones; otherwise its type's name without the "Algorithm" suffix (Skills, PreferredAgent, ExternalRouting, a
    /// host's own). Worked out once per algorithm instance.
    /// </summary>
    internal static string AlgorithmName(DepartmentRouting? routing)
    {
        object? algorithm = routing?.AsyncAlgorithm ?? (object?)routing?.Algorithm;
        return algorithm is null ? "none" : Names.GetValue(algorithm, NameOf);
    }

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<object, string> Names = [];

    private static string NameOf(object algorithm)
    {
        var builtIn = algorithm switch
        {
            _ when ReferenceEquals(algorithm, RoutingAlgorithms.LeastBusy) => "least_busy",
            _ when ReferenceEquals(algorithm, RoutingAlgorithms.LoadBalancing) => "load_balancing",
            _ when ReferenceEquals(algorithm, RoutingAlgorithms.RoundRobin) => "round_robin",
            _ when ReferenceEquals(algorithm, RoutingAlgorithms.LongestIdle) => "longest_idle",
            _ when ReferenceEquals(algorithm, RoutingAlgorithms.ManualSelection) => "manual_selection",
            _ => null,
        };
        if (builtIn is not null)
        {
            return builtIn;
        }

        var name = algorithm.GetType().Name;
        return name.EndsWith("Algorithm", StringComparison.Ordinal) && name.Length > "Algorithm".Length ? name[..^"Algorithm".Length] : name;
    }

    /// <summary>Records the time since it started on dispose.</summary>
    internal readonly struct Timing(Histogram<double> histogram, long started, KeyValuePair<string, object?> first, KeyValuePair<string, object?> second) : IDisposable
    {
        public void Dispose()
        {
            if (histogram is null)
            {
                return; // not timed: nobody was listening
            }

            var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
            if (first.Key is null)
            {
                histogram.Record(seconds);
            }
            else
            {
                histogram.Record(seconds, first, second);
            }
        }
    }
}
