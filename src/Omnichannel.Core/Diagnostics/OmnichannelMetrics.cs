using System.Diagnostics.Metrics;
using NodaTime;
using Omnichannel.Conversations;
using Omnichannel.Lifecycle;
using Omnichannel.Outbox;

namespace Omnichannel.Diagnostics;

/// <summary>
/// Core's instruments on the meter named <see cref="OmnichannelDiagnostics.MeterName"/>. The meter comes from the host's
/// <see cref="IMeterFactory"/> when it registered one (a generic host does), so a test or host can tell its meter from
/// another container's; without one, this object owns a meter of its own and disposes it with the container.
/// Every conversation write reports here (<see cref="Stored"/>), so the figures follow what the store accepted.
/// </summary>
/// <remarks>Thread-safe: instruments are.</remarks>
internal sealed class OmnichannelMetrics : IDisposable
{
    private readonly Meter _meter;
    private readonly bool _ownsMeter;
    private readonly UpDownCounter<long> _queued;
    private readonly Histogram<double> _queueWait;
    private readonly Counter<long> _holds;
    private readonly Counter<long> _closes;
    private readonly Counter<long> _forwards;
    private readonly Counter<long> _forwardFailures;
    private readonly UpDownCounter<long> _outboxPending;

    public OmnichannelMetrics(IMeterFactory? meterFactory)
    {
        _ownsMeter = meterFactory is null;
        _meter = meterFactory?.Create(OmnichannelDiagnostics.MeterName) ?? new Meter(OmnichannelDiagnostics.MeterName);
        _queued = _meter.CreateUpDownCounter<long>(MetricNames.ConversationsQueued, "{conversation}", "Conversations waiting in a department's queue.");
        _queueWait = _meter.CreateHistogram<double>(MetricNames.QueueWait, "s", "How long a conversation waited in the queue, recorded when it leaves the queue.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [1, 5, 10, 30, 60, 120, 300, 600, 1800, 3600] });
        _holds = _meter.CreateCounter<long>(MetricNames.Holds, "{hold}", "Conversations placed on hold.");
        _closes = _meter.CreateCounter<long>(MetricNames.Closes, "{close}", "Conversations closed, by who closed them.");
        _forwards = _meter.CreateCounter<long>(MetricNames.Forwards, "{forward}", "Forwards completed, to an agent or to a department.");
        _forwardFailures = _meter.CreateCounter<long>(MetricNames.ForwardFailures, "{forward}", "Forwards that failed back to the forwarding agent, by reason.");
        _outboxPending = _meter.CreateUpDownCounter<long>(MetricNames.OutboxPending, "{job}", "Outbox jobs written by this process and not yet delivered or failed.");
    }

    public Meter Meter => _meter;

    /// <summary>A new conversation was stored (it starts queued).</summary>
    public void Created(Conversation stored)
    {
        if (stored.State == ConversationState.Queued)
        {
            _queued.Add(1, new KeyValuePair<string, object?>(TelemetryTags.DepartmentId, stored.DepartmentId.Value));
        }
    }

    /// <summary>A change of <paramref name="before"/> into <paramref name="after"/> was stored at <paramref name="now"/>.</summary>
    public void Stored(Conversation before, Conversation after, ConversationTrigger? trigger, Actor actor, IReadOnlyList<OutboxMessage>? outbox, Instant now)
    {
        var moved = before.DepartmentId != after.DepartmentId;
        var from = new KeyValuePair<string, object?>(TelemetryTags.DepartmentId, before.DepartmentId.Value);
        if (before.State == ConversationState.Queued && (after.State != ConversationState.Queued || moved))
        {
            _queued.Add(-1, from);
            _queueWait.Record(Math.Max(0, (now - before.QueuedAt).TotalSeconds), from,
                new KeyValuePair<string, object?>(TelemetryTags.QueueExit, TriggerName(trigger)));
        }

        if (after.State == ConversationState.Queued && (before.State != ConversationState.Queued || moved))
        {
            _queued.Add(1, new KeyValuePair<string, object?>(TelemetryTags.DepartmentId, after.DepartmentId.Value));
        }

        switch (trigger)
        {
            case ConversationTrigger.PlaceOnHold:
                _holds.Add(1, from);
                break;
            case ConversationTrigger.Close:
                _closes.Add(1, from, new KeyValuePair<string, object?>(TelemetryTags.CloserKind, KindName(actor.Kind)));
                break;
            case ConversationTrigger.CompleteForwardToAgent:
                _forwards.Add(1, from, new KeyValuePair<string, object?>(TelemetryTags.ForwardTarget, "agent"));
                break;
            case ConversationTrigger.CompleteForwardToDepartment:
                _forwards.Add(1, from, new KeyValuePair<string, object?>(TelemetryTags.ForwardTarget, "department"));
                break;
            case ConversationTrigger.FailForward:
            case ConversationTrigger.FailForwardToQueue:
                var reason = after.Transfers.IsEmpty ? null : after.Transfers[^1].FailureReason;
                _forwardFailures.Add(1, from, new KeyValuePair<string, object?>(TelemetryTags.ForwardFailureReason,
                    reason is { } r ? OmnichannelActivitySource.SnakeCase(r.ToString()) : "unknown"));
                break;
        }

        if (outbox is not null)
        {
            foreach (var job in outbox)
            {
                _outboxPending.Add(1, new KeyValuePair<string, object?>(TelemetryTags.OutboxKind, job.Kind));
            }
        }
    }

    public void Dispose()
    {
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }

    private static string TriggerName(ConversationTrigger? trigger) => trigger switch
    {
        null => "none",
        ConversationTrigger.Take => "take",
        ConversationTrigger.Forward => "forward",
        ConversationTrigger.MoveToDepartment => "move_to_department",
        ConversationTrigger.Close => "close",
        { } other => OmnichannelActivitySource.SnakeCase(other.ToString()),
    };

    private static string KindName(AuthorKind kind) => kind switch
    {
        AuthorKind.Agent => "agent",
        AuthorKind.Contact => "contact",
        AuthorKind.Bot => "bot",
        _ => "system",
    };
}
