using NodaTime;
using Omnichannel.Notifications;
using Omnichannel.Routing.Events;

namespace Omnichannel.Routing.Dispatch;

/// <summary>
/// Publishes <see cref="QueuePositionsChanged"/>: one event per department with every position, at most once per
/// <see cref="RoutingOptions.QueuePositionInterval"/>, never one event per conversation per change.
/// </summary>
/// <remarks>Thread-safe: <see cref="MarkChanged"/> is called under the view's lock; the flush runs in a dispatcher pass.</remarks>
internal sealed class QueuePositionFeed(StoreView view, RoutingTimers timers, IDomainEventBus bus, IClock clock, RoutingOptions options)
{
    /// <summary>Schedules the department's next batch unless one is due already.</summary>
    public void MarkChanged(DepartmentRouting routing)
    {
        if (routing.PositionsFlushScheduled)
        {
            return;
        }

        routing.PositionsFlushScheduled = true;
        ScheduleFlush(routing);
    }

    // In its own method so that the closure is built only when a flush is scheduled, not on every change.
    private void ScheduleFlush(DepartmentRouting routing) =>
        timers.Schedule(clock.GetCurrentInstant() + options.QueuePositionInterval, ct => FlushAsync(routing, ct));

    private async ValueTask FlushAsync(DepartmentRouting routing, CancellationToken cancellationToken)
    {
        System.Collections.Immutable.ImmutableArray<Queues.QueuePosition> positions;
        lock (view.Sync)
        {
            routing.PositionsFlushScheduled = false;
            positions = WaitEstimator.Positions(routing, view.Agents);
        }

        await bus.PublishAsync(new QueuePositionsChanged(clock.GetCurrentInstant(), routing.Id, positions), cancellationToken).ConfigureAwait(false);
    }
}
