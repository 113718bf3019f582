using System.Diagnostics;
using System.Diagnostics.Metrics;
using Omnichannel.Diagnostics;
using Omnichannel.Outbox;

namespace Omnichannel.Transcripts.Diagnostics;

/// <summary>
/// The transcript worker's instruments on the meter named <see cref="OmnichannelDiagnostics.MeterName"/> (the same meter
/// as Core's when the host registered an <see cref="IMeterFactory"/>; otherwise one of its own with the same name).
/// <c>omnichannel.outbox.pending</c> is shared with Core: Core adds the jobs a conversation write stores, this class the
/// jobs transcripts enqueue themselves, and takes off each job that ends delivered or failed.
/// </summary>
/// <remarks>Thread-safe: instruments are.</remarks>
internal sealed class TranscriptMetrics : IDisposable
{
    private const string KindTag = "omnichannel.outbox.kind";

    private readonly Meter _meter;
    private readonly bool _ownsMeter;
    private readonly Counter<long> _attempts;
    private readonly Counter<long> _failures;
    private readonly UpDownCounter<long> _pending;

    public TranscriptMetrics(IMeterFactory? meterFactory)
    {
        _ownsMeter = meterFactory is null;
        _meter = meterFactory?.Create(OmnichannelDiagnostics.MeterName) ?? new Meter(OmnichannelDiagnostics.MeterName);
        _attempts = _meter.CreateCounter<long>("omnichannel.outbox.delivery.attempts", "{attempt}", "Deliveries of outbox jobs attempted, by job kind and result.");
        _failures = _meter.CreateCounter<long>("omnichannel.outbox.delivery.failures", "{attempt}", "Delivery attempts that failed, by job kind, error type and whether the job was given up.");
        _pending = _meter.CreateUpDownCounter<long>("omnichannel.outbox.pending", "{job}", "Outbox jobs written by this process and not yet delivered or failed.");
    }

    /// <summary>A job was written to the outbox outside a conversation write (a PDF request, a failure notice).</summary>
    public void Enqueued(OutboxMessage job) => _pending.Add(1, new KeyValuePair<string, object?>(KindTag, job.Kind));

    /// <summary>
    /// One delivery attempt of <paramref name="job"/> ended: delivered (<paramref name="error"/> and <paramref name="refusal"/>
    /// null), refused for good, or failed (given up when <paramref name="final"/>, else retried). Tags the span too.
    /// </summary>
    public void Attempted(Activity? activity, OutboxMessage job, string? error, string? refusal, Exception? exception, bool final)
    {
        var kind = new KeyValuePair<string, object?>(KindTag, job.Kind);
        var result = (error, refusal) switch
        {
            (null, null) => "delivered",
            (_, not null) => "refused",
            _ when final => "failed",
            _ => "retry",
        };
        _attempts.Add(1, kind, new KeyValuePair<string, object?>("omnichannel.result", result));
        if (result != "delivered")
        {
            var errorType = refusal is not null ? "refused" : exception?.GetType().FullName ?? "error";
            _failures.Add(1, kind, new KeyValuePair<string, object?>("error.type", errorType), new KeyValuePair<string, object?>("omnichannel.outbox.gave_up", result is "failed" or "refused"));
        }

        if (result is "delivered" or "failed" or "refused")
        {
            _pending.Add(-1, kind);
        }

        TranscriptActivitySource.SetOutcome(activity, result, error ?? refusal, exception);
    }

    public void Dispose()
    {
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }
}
