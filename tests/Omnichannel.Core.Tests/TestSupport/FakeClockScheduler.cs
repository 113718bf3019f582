using NodaTime;
using NodaTime.Testing;
using Omnichannel.Scheduling;

namespace Omnichannel.Core.Tests.TestSupport;

/// <summary>A scheduling port in virtual time on the harness's <see cref="FakeClock"/>: work runs when <see cref="AdvanceAsync"/> passes its due time.</summary>
public sealed class FakeClockScheduler(FakeClock clock) : IWorkScheduler
{
    private readonly Lock _sync = new();
    private readonly List<(Instant DueAt, long Order, Func<CancellationToken, ValueTask> Work, Handle Handle)> _due = [];
    private long _order;

    public int PendingCount
    {
        get
        {
            lock (_sync)
            {
                return _due.Count(d => !d.Handle.Cancelled);
            }
        }
    }

    public IDisposable Schedule(Instant dueAt, Func<CancellationToken, ValueTask> work)
    {
        var handle = new Handle();
        lock (_sync)
        {
            _due.Add((dueAt, _order++, work, handle));
        }

        return handle;
    }

    /// <summary>Moves the clock forward, running every piece of work due on the way, in due order.</summary>
    public async Task AdvanceAsync(Duration by)
    {
        var target = clock.GetCurrentInstant() + by;
        while (true)
        {
            (Instant DueAt, long Order, Func<CancellationToken, ValueTask> Work, Handle Handle) next;
            lock (_sync)
            {
                _due.RemoveAll(d => d.Handle.Cancelled);
                var ready = _due.Where(d => d.DueAt <= target).OrderBy(d => d.DueAt).ThenBy(d => d.Order).ToList();
                if (ready.Count == 0)
                {
                    break;
                }

                next = ready[0];
                _due.Remove(next);
            }

            if (next.DueAt > clock.GetCurrentInstant())
            {
                clock.Reset(next.DueAt);
            }

            await next.Work(CancellationToken.None);
        }

        clock.Reset(target);
    }

    private sealed class Handle : IDisposable
    {
        public bool Cancelled { get; private set; }

        public void Dispose() => Cancelled = true;
    }
}
