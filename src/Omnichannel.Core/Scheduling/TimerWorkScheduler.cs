using Microsoft.Extensions.Logging;
using NodaTime;
using Omnichannel.Logging;

namespace Omnichannel.Scheduling;

/// <summary>
/// Core's default scheduler when routing is not added: one .NET timer per piece of work, due times read against the
/// <see cref="IClock"/>. Waits beyond the timer limit are chained. Disposing it (the container does) cancels what is pending.
/// </summary>
/// <remarks>Thread-safe.</remarks>
internal sealed class TimerWorkScheduler(IClock clock, ILogger<TimerWorkScheduler> logger) : IWorkScheduler, IDisposable
{
    private readonly IClock _clock = clock;
    private readonly ILogger _logger = logger;
    private static readonly TimeSpan Longest = TimeSpan.FromMilliseconds(uint.MaxValue - 1.0);
    private readonly Lock _sync = new();
    private readonly HashSet<Entry> _pending = [];
    private readonly CancellationTokenSource _stopping = new();
    private bool _disposed;

    public IDisposable Schedule(Instant dueAt, Func<CancellationToken, ValueTask> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        var entry = new Entry(this, dueAt, work);
        lock (_sync)
        {
            if (_disposed)
            {
                return entry;
            }

            _pending.Add(entry);
        }

        entry.Arm();
        return entry;
    }

    public void Dispose()
    {
        Entry[] pending;
        lock (_sync)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            pending = [.. _pending];
            _pending.Clear();
        }

        _stopping.Cancel();
        foreach (var entry in pending)
        {
            entry.Dispose();
        }

        _stopping.Dispose();
    }

    private sealed class Entry(TimerWorkScheduler owner, Instant dueAt, Func<CancellationToken, ValueTask> work) : IDisposable
    {
        private Timer? _timer;
        private int _state; // 0 pending, 1 running or done, 2 cancelled

        public void Arm()
        {
            var wait = (dueAt - owner._clock.GetCurrentInstant()).ToTimeSpan();
            wait = wait < TimeSpan.Zero ? TimeSpan.Zero : wait > Longest ? Longest : wait;
            var timer = new Timer(static state => ((Entry)state!).Fire(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            Interlocked.Exchange(ref _timer, timer)?.Dispose();
            if (Volatile.Read(ref _state) == 0)
            {
                timer.Change(wait, Timeout.InfiniteTimeSpan);
            }
        }

        private void Fire()
        {
            if (owner._clock.GetCurrentInstant() < dueAt && Volatile.Read(ref _state) == 0)
            {
                Arm(); // a chained long wait, or a clock behind the timer
                return;
            }

            if (Interlocked.CompareExchange(ref _state, 1, 0) != 0)
            {
                return;
            }

            lock (owner._sync)
            {
                owner._pending.Remove(this);
            }

            _ = RunAsync();
        }

        private async Task RunAsync()
        {
            try
            {
                await work(owner._stopping.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (owner._disposed)
            {
                // Stopping.
            }
            catch (Exception exception)
            {
                owner._logger.ScheduledWorkFailed(exception);
            }
            finally
            {
                _timer?.Dispose();
            }
        }

        public void Dispose()
        {
            if (Interlocked.CompareExchange(ref _state, 2, 0) == 0)
            {
                lock (owner._sync)
                {
                    owner._pending.Remove(this);
                }
            }

            _timer?.Dispose();
        }
    }
}
