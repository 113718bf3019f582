using NodaTime;
using Omnichannel.Routing.Scheduling;

namespace Omnichannel.Routing.Dispatch;

/// <summary>
/// The router's timers, owned: each one goes through the <see cref="IScheduler"/>, and when it fires its work is posted to
/// the dispatcher (it never runs routing work on the timer's thread). <see cref="Stop"/> cancels every timer still
/// pending, and a timer that fires after it does nothing, so no timer outlives the router.
/// </summary>
/// <remarks>Thread-safe.</remarks>
internal sealed class RoutingTimers(IScheduler scheduler, DispatchWork work)
{
    private readonly Lock _sync = new();
    private readonly HashSet<Timer> _live = [];
    private bool _stopped;

    /// <summary>How many timers are pending.</summary>
    public int Count
    {
        get
        {
            lock (_sync)
            {
                return _live.Count;
            }
        }
    }

    /// <summary>Runs <paramref name="action"/> in a dispatcher pass at or after <paramref name="dueAt"/>; dispose the handle to cancel it.</summary>
    public IDisposable Schedule(Instant dueAt, Func<CancellationToken, ValueTask> action)
    {
        var timer = new Timer(this, action);
        lock (_sync)
        {
            if (_stopped)
            {
                return timer;
            }

            _live.Add(timer);
        }

        timer.Handle = scheduler.Schedule(dueAt, timer.FireAsync);
        return timer;
    }

    /// <summary>Cancels every pending timer; timers scheduled afterwards never fire.</summary>
    public void Stop()
    {
        Timer[] live;
        lock (_sync)
        {
            _stopped = true;
            live = [.. _live];
            _live.Clear();
        }

        foreach (var timer in live)
        {
            timer.Dispose();
        }
    }

    private bool Forget(Timer timer)
    {
        lock (_sync)
        {
            return _live.Remove(timer) && !_stopped;
        }
    }

    private sealed class Timer(RoutingTimers owner, Func<CancellationToken, ValueTask> action) : IDisposable
    {
        private volatile IDisposable? _handle;
        private volatile bool _disposed;

        public IDisposable? Handle
        {
            set
            {
                _handle = value;
                if (_disposed)
                {
                    value?.Dispose();
                }
            }
        }

        public ValueTask FireAsync(CancellationToken cancellationToken)
        {
            if (!_disposed && owner.Forget(this))
            {
                owner.Post(action);
            }

            return ValueTask.CompletedTask;
        }

        public void Dispose()
        {
            _disposed = true;
            owner.Forget(this);
            _handle?.Dispose();
        }
    }

    private void Post(Func<CancellationToken, ValueTask> action) => work.Post(action);
}
