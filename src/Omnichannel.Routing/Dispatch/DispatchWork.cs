using System.Collections.Concurrent;
using Omnichannel.Notifications;

namespace Omnichannel.Routing.Dispatch;

/// <summary>
/// The dispatcher's mailbox: everything that asks for routing work (domain events, timers, wake-ups from other processes,
/// answers to offers, periodic reconciliation) is posted here from any thread, and only the dispatcher's pass consumes it.
/// Posting never blocks and never runs routing work on the poster's thread; it wakes the dispatch loop.
/// </summary>
/// <remarks>Thread-safe.</remarks>
internal sealed class DispatchWork
{
    private readonly ConcurrentQueue<DomainEvent> _events = new();
    private readonly ConcurrentQueue<Func<CancellationToken, ValueTask>> _actions = new();
    private readonly Lock _sync = new();
    private HashSet<DepartmentId> _drain = [];
    private HashSet<DepartmentId> _reread = [];
    private bool _reconcile;

    /// <summary>Wakes the dispatch loop; set by the loop when it starts.</summary>
    public Action? WakeLoop { get; set; }

    public void Post(DomainEvent domainEvent)
    {
        _events.Enqueue(domainEvent);
        WakeLoop?.Invoke();
    }

    /// <summary>Runs <paramref name="action"/> in the dispatcher's next pass, with the dispatcher's cancellation.</summary>
    public void Post(Func<CancellationToken, ValueTask> action)
    {
        _actions.Enqueue(action);
        WakeLoop?.Invoke();
    }

    /// <summary>The view changed in these departments: drain them.</summary>
    public void Drain(IEnumerable<DepartmentId> departments)
    {
        lock (_sync)
        {
            _drain.UnionWith(departments);
        }

        WakeLoop?.Invoke();
    }

    public void Drain(DepartmentId department)
    {
        lock (_sync)
        {
            _drain.Add(department); // no list to enumerate for one department
        }

        WakeLoop?.Invoke();
    }

    /// <summary>Something changed in the department that the view was not told (a wake-up from another process): re-read it, then drain it.</summary>
    public void Reread(DepartmentId department)
    {
        lock (_sync)
        {
            _reread.Add(department);
        }

        WakeLoop?.Invoke();
    }

    /// <summary>Re-read everything the router dispatches (the periodic reconciliation, or a dispatch asked for).</summary>
    public void Reconcile()
    {
        lock (_sync)
        {
            _reconcile = true;
        }

        WakeLoop?.Invoke();
    }

    public bool TryTakeEvent(out DomainEvent domainEvent) => _events.TryDequeue(out domainEvent!);

    public bool TryTakeAction(out Func<CancellationToken, ValueTask> action) => _actions.TryDequeue(out action!);

    /// <summary>Takes the department work posted so far; false when there is none.</summary>
    public bool TryTakeDepartments(out HashSet<DepartmentId> drain, out HashSet<DepartmentId> reread, out bool reconcile)
    {
        lock (_sync)
        {
            drain = _drain;
            reread = _reread;
            reconcile = _reconcile;
            if (drain.Count == 0 && reread.Count == 0 && !reconcile)
            {
                return false;
            }

            _drain = [];
            _reread = [];
            _reconcile = false;
            return true;
        }
    }

    /// <summary>True when anything waits to be done.</summary>
    public bool IsPending
    {
        get
        {
            lock (_sync)
            {
                return !_events.IsEmpty || !_actions.IsEmpty || _drain.Count > 0 || _reread.Count > 0 || _reconcile;
            }
        }
    }
}
