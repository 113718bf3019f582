using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NodaTime;
using Omnichannel.Logging;

namespace Omnichannel.Scheduling;

/// <summary>
/// The real-time scheduler, the only one in the library: one timer per scheduled piece of work, on a
/// <see cref="TimeProvider"/> (the system's by default), due times read against the <see cref="IClock"/>. Core uses it for
/// its timed rules when routing is not added, and routing's default <c>IScheduler</c> runs on it.
/// A wait longer than the platform's timer limit (about 49.7 days) is chained: the timer fires at the limit, reads the
/// clock and waits again, so any due time works. The scheduler owns its timers: disposing it (the container does, with the
/// host) cancels every one still pending, nothing it scheduled starts afterwards, and work already running sees its
/// cancellation token cancelled. Work that throws is logged, never lost silently.
/// </summary>
/// <remarks>This type is thread-safe.</remarks>
public sealed class SystemScheduler : IWorkScheduler, IDisposable
{
    /// <summary>The longest single wait a .NET timer accepts: 2^32 - 2 milliseconds.</summary>
    internal static readonly TimeSpan LongestTimerWait = TimeSpan.FromMilliseconds(uint.MaxValue - 1.0);

    private readonly IClock _clock;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _sync = new();
    private readonly HashSet<Scheduled> _pending = [];
    private readonly CancellationTokenSource _stopping = new();
    // Read once: work that starts while the scheduler is being disposed must not touch the disposed source.
    private readonly CancellationToken _stoppingToken;
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
        _stoppingToken = _stopping.Token;
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

    /// <summary>Cancels every piece of work still pending and the token of work running; nothing scheduled here starts afterwards.</summary>
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

        _stopping.Cancel();
        _stopping.Dispose();
    }

    /// <summary>Drops <paramref name="scheduled"/> from the pending set; true when it may still run (the scheduler is not disposed).</summary>
    private bool Forget(Scheduled scheduled)
    {
        lock (_sync)
        {
            return _pending.Remove(scheduled) && !_disposed;
        }
    }

    private sealed class Scheduled(SystemScheduler owner, Instant dueAt, Func<CancellationToken, ValueTask> work) : IDisposable
    {
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

        /// <summary>Cancels the work if it has not started; a no-op afterwards.</summary>
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
        }

        private void Fire()
        {
            if (owner._clock.GetCurrentInstant() < dueAt)
            {
                Arm(); // a chained wait (or a timer a hair early, or a clock behind the timer): wait for the rest
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
            var stopping = owner._stoppingToken;
            try
            {
                await work(stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                // The scheduler is stopping: nothing to report.
            }
            catch (Exception exception)
            {
                owner._logger.ScheduledWorkFailed(exception);
            }
        }
    }
}
