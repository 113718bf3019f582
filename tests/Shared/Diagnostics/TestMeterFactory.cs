using System.Diagnostics.Metrics;

namespace Omnichannel.Tests.Diagnostics;

/// <summary>
/// An <see cref="IMeterFactory"/> of one test: its meters carry it as their scope, so a <see cref="MetricRecorder"/>
/// hears this test's instruments only, whatever other tests run beside it.
/// </summary>
public sealed class TestMeterFactory : IMeterFactory
{
    private readonly Lock _sync = new();
    private readonly Dictionary<string, Meter> _meters = new(StringComparer.Ordinal);

    public Meter Create(MeterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        lock (_sync)
        {
            // Like the host's factory: one meter per name, shared by every package that asks for it.
            var key = $"{options.Name}/{options.Version}";
            if (!_meters.TryGetValue(key, out var meter))
            {
                options.Scope = this;
                meter = new Meter(options);
                _meters.Add(key, meter);
            }

            return meter;
        }
    }

    public IReadOnlyCollection<Meter> Meters
    {
        get
        {
            lock (_sync)
            {
                return [.. _meters.Values];
            }
        }
    }

    public void Dispose()
    {
        lock (_sync)
        {
            foreach (var meter in _meters.Values)
            {
                meter.Dispose();
            }

            _meters.Clear();
        }
    }
}
