using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Omnichannel.Tests.Diagnostics;

/// <summary>One measurement: the instrument's name and unit, the value, the tags.</summary>
public sealed record RecordedMeasurement(string Instrument, string? Unit, double Value, IReadOnlyDictionary<string, object?> Tags)
{
    public bool Has(string tag, object? value) => Tags.TryGetValue(tag, out var actual) && Equals(actual, value);
}

/// <summary>Records every measurement of the meters made by one <see cref="TestMeterFactory"/>.</summary>
public sealed class MetricRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<RecordedMeasurement> _measurements = new();

    public MetricRecorder(TestMeterFactory factory)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, factory))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((i, v, t, _) => Add(i, v, t));
        _listener.SetMeasurementEventCallback<int>((i, v, t, _) => Add(i, v, t));
        _listener.SetMeasurementEventCallback<double>((i, v, t, _) => Add(i, v, t));
        _listener.Start();
    }

    public IReadOnlyList<RecordedMeasurement> All => [.. _measurements];

    /// <summary>The measurements of <paramref name="instrument"/> having every tag of <paramref name="tags"/> (name, value pairs).</summary>
    public IReadOnlyList<RecordedMeasurement> Of(string instrument, params (string Tag, object? Value)[] tags) =>
        [.. _measurements.Where(m => m.Instrument == instrument && tags.All(t => m.Has(t.Tag, t.Value)))];

    /// <summary>The sum of the measurements of a counter or up-down counter, as an exporter would report it.</summary>
    public double Sum(string instrument, params (string Tag, object? Value)[] tags) => Of(instrument, tags).Sum(m => m.Value);

    /// <summary>Reads observable instruments now.</summary>
    public void Collect() => _listener.RecordObservableInstruments();

    public void Dispose() => _listener.Dispose();

    private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var copy = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var tag in tags)
        {
            copy[tag.Key] = tag.Value;
        }

        _measurements.Enqueue(new RecordedMeasurement(instrument.Name, instrument.Unit, value, copy));
    }
}
