using NodaTime;

namespace Omnichannel.Routing.Coordination;

/// <summary>
/// The coordinator of routers in one process: leases with expiry in memory, wake-ups delivered to every subscriber at once.
/// With the one router of a process it grants every lease; routers of several containers sharing one instance (and one
/// store) split departments between them as processes would.
/// </summary>
/// <remarks>Thread-safe: one lock guards the leases and the subscribers.</remarks>
internal sealed class InProcessRoutingCoordinator(IClock clock) : IRoutingCoordinator
{
    private readonly Lock _sync = new();
    private readonly Dictionary<DepartmentId, DepartmentLease> _leases = [];
    private Action<DepartmentId>[] _subscribers = [];

    public ValueTask<IReadOnlyList<DepartmentLease>> AcquireAsync(IReadOnlyList<DepartmentId> departments, string holder, Duration duration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(departments);
        ArgumentException.ThrowIfNullOrEmpty(holder);
        var now = clock.GetCurrentInstant();
        var granted = new List<DepartmentLease>(departments.Count);
        lock (_sync)
        {
            // Routers sharing one process's memory gain nothing from spreading departments: the first to ask keeps them.
            foreach (var department in departments)
            {
                if (_leases.TryGetValue(department, out var held) && held.Holder != holder && held.ExpiresAt > now)
                {
                    continue;
                }

                var lease = new DepartmentLease(department, holder, now + duration);
                _leases[department] = lease;
                granted.Add(lease);
            }
        }

        return ValueTask.FromResult<IReadOnlyList<DepartmentLease>>(granted);
    }

    public ValueTask ReleaseAsync(DepartmentLease lease, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        lock (_sync)
        {
            if (_leases.TryGetValue(lease.DepartmentId, out var held) && held.Holder == lease.Holder)
            {
                _leases.Remove(lease.DepartmentId);
            }
        }

        Wake(lease.DepartmentId); // another router sharing this coordinator may take it at once
        return ValueTask.CompletedTask;
    }

    public void Wake(DepartmentId department)
    {
        foreach (var subscriber in Volatile.Read(ref _subscribers))
        {
            subscriber(department);
        }
    }

    public IDisposable Subscribe(Action<DepartmentId> onWake)
    {
        ArgumentNullException.ThrowIfNull(onWake);
        lock (_sync)
        {
            _subscribers = [.. _subscribers, onWake];
        }

        return new Subscription(this, onWake);
    }

    private sealed class Subscription(InProcessRoutingCoordinator owner, Action<DepartmentId> onWake) : IDisposable
    {
        public void Dispose()
        {
            lock (owner._sync)
            {
                owner._subscribers = [.. owner._subscribers.Where(s => s != onWake)];
            }
        }
    }
}
