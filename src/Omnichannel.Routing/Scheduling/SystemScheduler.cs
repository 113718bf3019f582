using NodaTime;

namespace Omnichannel.Routing.Scheduling;

/// <summary>The real-time scheduler: one <see cref="ITimer"/> per scheduled piece of work, on <see cref="TimeProvider.System"/>.</summary>
/// <remarks>This type is thread-safe.</remarks>
public sealed class SystemScheduler(IClock clock) : IScheduler
{
    /// <inheritdoc />
    public IDisposable Schedule(Instant dueAt, Func<CancellationToken, ValueTask> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        var delay = dueAt - clock.GetCurrentInstant();
        var wait = delay <= Duration.Zero ? TimeSpan.Zero : delay.ToTimeSpan();
        var scheduled = new Scheduled(work);
        scheduled.Timer = TimeProvider.System.CreateTimer(static state => ((Scheduled)state!).Run(), scheduled, wait, Timeout.InfiniteTimeSpan);
        return scheduled;
    }

    private sealed class Scheduled(Func<CancellationToken, ValueTask> work) : IDisposable
    {
        private readonly CancellationTokenSource _cancellation = new();

        public ITimer? Timer { get; set; }

        public void Run()
        {
            if (!_cancellation.IsCancellationRequested)
            {
                _ = work(_cancellation.Token).AsTask();
            }
        }

        public void Dispose()
        {
            _cancellation.Cancel();
            Timer?.Dispose();
            _cancellation.Dispose();
        }
    }
}
