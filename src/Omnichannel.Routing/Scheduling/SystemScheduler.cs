using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NodaTime;

namespace Omnichannel.Routing.Scheduling;

/// <summary>
/// The real-time scheduler: one timer per scheduled piece of work, on a <see cref="TimeProvider"/> (the system's by
/// default). A wait longer than the platform's timer limit (about 49.7 days) is chained: the timer fires at the limit,
/// reads the clock and waits again, so any due time works. The scheduler owns its timers: disposing it (the container
/// does, with the host) cancels every one still pending, and nothing it scheduled runs afterwards. Work that throws is
/// logged, never lost silently.
/// </summary>
/// <remarks>This type is thread-safe.</remarks>
public sealed partial class SystemScheduler : IScheduler, IDisposable
{
    /// <summary>The longest single wait a .NET timer accepts: 2^32 - 2 milliseconds.</summary>
    internal static readonly TimeSpan LongestTimerWait = TimeSpan.FromMilliseconds(uint.MaxValue - 1.0);

    private readonly IClock _clock;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _sync = new();
    private readonly HashSet<Scheduled> _pending = [];
    private bool _disposed;

    /// <summary>Creates the scheduler on the system's timers.</summary>
    /// <param name="clock">The clock that due times are read against.</param>
    /// <param name="logger">Where failing work is logged; nowhere when null.</param>
    public SystemScheduler(IClock clock, ILogger<SystemScheduler>? logger = null)
        : this(clock, TimeProvider.System, logger)
    {
    }

    /// <summary>Creates the scheduler on the timers of <paramref name="timeProvider"/> (a fake one in tests).</summary>
    /// <param name="clock">The clock that due times are read against; it should tell the same time as <paramref name="timeProvider"/>.</param>
    /// <param name="timeProvider">Whose timers wait.</param>
    /// <param name="logger">Where failing work is logged; nowhere when null.</param>
    internal SystemScheduler(IClock clock, TimeProvider timeProvider, ILogger<SystemScheduler>? logger)
    {
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _clock = clock;
        _time = timeProvider;
        _logger = logger ?? NullLogger<SystemScheduler>.Instance;
    }

    /// <summary>How many pieces of work wait to run.</summary>
    public int PendingCount
    {
        get
        {
            lock (_sync)
            {
                return _pending.Count;
            }
        }
    }

    /// <inheritdoc />
    /// <remarks>After the scheduler is disposed, the work is not scheduled and the handle does nothing.</remarks>
    public IDisposable Schedule(Instant dueAt, Func<CancellationToken, ValueTask> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        var scheduled = new Scheduled(this, dueAt, work);
        lock (_sync)
        {
            if (_disposed)
            {
                return scheduled;
            }

            _pending.Add(scheduled);
        }

        scheduled.Arm();
        return scheduled;
    }

    /// <summary>Cancels every piece of work still pending; nothing scheduled here runs afterwards.</summary>
    public void Dispose()
    {
        Scheduled[] pending;
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

        foreach (var scheduled in pending)
        {
            scheduled.Dispose();
        }
    }

    private bool Forget(Scheduled scheduled)
    {
        lock (_sync)
        {
            return _pending.Remove(scheduled) && !_disposed;
        }
    }

    [LoggerMessage(1301, LogLevel.Error, "Scheduled routing work failed; it will not be retried by the scheduler.")]
    private static partial void LogWorkFailed(ILogger logger, Exception exception);

    private sealed class Scheduled(SystemScheduler owner, Instant dueAt, Func<CancellationToken, ValueTask> work) : IDisposable
    {
        private readonly CancellationTokenSource _cancellation = new();
        private readonly Lock _sync = new();
        private ITimer? _timer;
        private bool _done;

        /// <summary>Starts (or, after a chained wait, restarts) the timer for what remains until the due time.</summary>
        public void Arm()
        {
            var remaining = dueAt - owner._clock.GetCurrentInstant();
            var wait = remaining <= Duration.Zero ? TimeSpan.Zero : remaining.ToTimeSpan();
            if (wait > LongestTimerWait)
            {
                wait = LongestTimerWait;
            }

            lock (_sync)
            {
                if (_done)
                {
                    return;
                }

                _timer?.Dispose();
                _timer = owner._time.CreateTimer(static state => ((Scheduled)state!).Fire(), this, wait, Timeout.InfiniteTimeSpan);
            }
        }

        public void Dispose()
        {
            lock (_sync)
            {
                if (_done)
                {
                    return;
                }

                _done = true;
                _timer?.Dispose();
            }

            owner.Forget(this);
            _cancellation.Cancel();
        }

        private void Fire()
        {
            if (owner._clock.GetCurrentInstant() < dueAt)
            {
                Arm(); // a chained wait (or a timer a hair early): wait for the rest
                return;
            }

            lock (_sync)
            {
                if (_done)
                {
                    return;
                }

                _done = true;
                _timer?.Dispose();
            }

            if (owner.Forget(this))
            {
                _ = RunAsync();
            }
        }

        private async Task RunAsync()
        {
            try
            {
                await work(_cancellation.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_cancellation.IsCancellationRequested)
            {
                // Cancelled by its owner: nothing to report.
            }
            catch (Exception exception)
            {
                LogWorkFailed(owner._logger, exception);
            }
        }
    }
}
