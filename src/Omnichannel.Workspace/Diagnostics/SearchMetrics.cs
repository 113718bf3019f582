using System.Diagnostics.Metrics;
using Omnichannel.Diagnostics;

namespace Omnichannel.Workspace.Diagnostics;

/// <summary>
/// The workspace's instrument on the meter named <see cref="OmnichannelDiagnostics.MeterName"/> (the host's meter when
/// it registered an <see cref="IMeterFactory"/>; otherwise one of its own with the same name).
/// </summary>
/// <remarks>Thread-safe: instruments are.</remarks>
internal sealed class SearchMetrics : IDisposable
{
    private readonly Meter _meter;
    private readonly bool _ownsMeter;
    private readonly Counter<long> _timeouts;

    public SearchMetrics(IMeterFactory? meterFactory)
    {
        _ownsMeter = meterFactory is null;
        _meter = meterFactory?.Create(OmnichannelDiagnostics.MeterName) ?? new Meter(OmnichannelDiagnostics.MeterName);
        _timeouts = _meter.CreateCounter<long>("omnichannel.search.timeouts", "{search}", "Message searches that ran out of their time budget (OperationErrorCode.SearchTimedOut).");
    }

    public void TimedOut(string operation) => _timeouts.Add(1, new KeyValuePair<string, object?>("omnichannel.search.operation", operation));

    public void Dispose()
    {
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }
}
