using NodaTime;
using Omnichannel.Routing.Scheduling;

namespace Omnichannel.Testing.Scheduling;

/// <summary>
/// A clock and scheduler in virtual time: time stands still until <see cref="AdvanceToAsync"/> or
/// <see cref="AdvanceByAsync"/> moves it, running every piece of work due on the way, in due-time order
/// (ties in scheduling order). Register it as both <see cref="IClock"/> and <see cref="IScheduler"/> for tests
/// and simulations: a simulated day runs in seconds and the same inputs give the same results.
/// </summary>
/// <remarks>
/// Scheduling and reading the clock are thread-safe. Advance from one thread at a time; work runs on the
/// advancing thread, and work it schedules at or before the target time runs in the same advance.
/// </remarks>
public sealed class VirtualScheduler : IScheduler, IClock
{
    private readonly Lock _sync = new();
    private readonly PriorityQueue<Entry, (Instant DueAt, long Sequence)> _due = new();
    private long _sequence;
    private Instant _now;

    /// <summary>Creates a scheduler whose clock starts at <paramref name="start"/>.</summary>
    /// <param name="start">The initial virtual time.</param>
    public VirtualScheduler(Instant start) => _now = start;

    /// <summary>How many pieces of work wait to run.</summary>
    public int PendingCount
    {
        get
        {
            lock (_sync)
            {
                return _due.Count;
            }
        }
    }

    /// <summary>When the next piece of work is due; null when none waits.</summary>
    public Instant? NextDueAt
    {
        get
        {
            lock (_sync)
            {
                return _due.TryPeek(out _, out var key) ? key.DueAt : null;
            }
        }
    }

    /// <inheritdoc />
    public Instant GetCurrentInstant()
    {
        lock (_sync)
        {
            return _now;
        }
    }

    /// <summary>Always true: time moves only when <see cref="AdvanceToAsync"/> or <see cref="AdvanceByAsync"/> moves it.</summary>
    public bool IsVirtualTime => true;

    /// <inheritdoc />
    public IDisposable Schedule(Instant dueAt, Func<CancellationToken, ValueTask> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        var entry = new Entry(work);
        lock (_sync)
        {
            _due.Enqueue(entry, (dueAt < _now ? _now : dueAt, _sequence++));
        }

        return entry;
    }

    /// <summary>Moves time forward to <paramref name="target"/>, running due work in order; the clock reads each work's due time while it runs.</summary>
    /// <param name="target">The new time; must not be earlier than now.</param>
    /// <param name="cancellationToken">Cancels between pieces of work.</param>
    /// <returns>A task that completes when time has reached <paramref name="target"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="target"/> is in the past.</exception>
    public async ValueTask AdvanceToAsync(Instant target, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Entry? next;
            lock (_sync)
            {
                if (target < _now)
                {
                    throw new ArgumentOutOfRangeException(nameof(target), $"Virtual time is {_now}; it cannot go back to {target}.");
                }

                if (!_due.TryPeek(out next, out var key) || key.DueAt > target)
                {
                    _now = target;
                    return;
                }

                _due.Dequeue();
                _now = key.DueAt;
            }

            if (!next.IsCancelled)
            {
                await next.Work(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Moves time forward by <paramref name="duration"/>; see <see cref="AdvanceToAsync"/>.</summary>
    /// <param name="duration">How far; not negative.</param>
    /// <param name="cancellationToken">Cancels between pieces of work.</param>
    /// <returns>A task that completes when time has advanced.</returns>
    public ValueTask AdvanceByAsync(Duration duration, CancellationToken cancellationToken = default) =>
        AdvanceToAsync(GetCurrentInstant() + duration, cancellationToken);

    private sealed class Entry(Func<CancellationToken, ValueTask> work) : IDisposable
    {
        private volatile bool _cancelled;

        public Func<CancellationToken, ValueTask> Work { get; } = work;

        public bool IsCancelled => _cancelled;

        public void Dispose() => _cancelled = true;
    }
}
