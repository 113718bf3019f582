using NodaTime;
using Omnichannel.Scheduling;

namespace Omnichannel.Routing.Scheduling;

/// <summary>
/// Routing's default <see cref="IScheduler"/>: Core's <see cref="SystemScheduler"/> (chained long waits, owned timers,
/// cancelled on disposal) seen through routing's port, so the library has one real-time scheduler.
/// </summary>
/// <remarks>Thread-safe, as the scheduler it wraps. Disposing it (the container does) disposes that scheduler.</remarks>
internal sealed class RealTimeScheduler(SystemScheduler scheduler) : IScheduler, IDisposable
{
    /// <summary>The scheduler that does the work.</summary>
    public SystemScheduler Inner { get; } = scheduler;

    public IDisposable Schedule(Instant dueAt, Func<CancellationToken, ValueTask> work) => Inner.Schedule(dueAt, work);

    public void Dispose() => Inner.Dispose();
}
