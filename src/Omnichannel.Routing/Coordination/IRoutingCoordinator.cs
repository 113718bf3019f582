using NodaTime;

namespace Omnichannel.Routing.Coordination;

/// <summary>
/// Coordinates the routers of several processes sharing one store: each department is dispatched by the process holding
/// its lease (so two processes do not fight over one queue), leases are spread across the live processes, and a change
/// made in any process wakes the leaseholder. The default, for one process, grants every lease and delivers wake-ups in
/// memory; <c>Omnichannel.Storage.PostgreSql</c> registers one over the database (advisory locks, LISTEN/NOTIFY) so routers
/// of several processes share the work.
/// </summary>
/// <remarks>
/// Implementations must be thread-safe. Correctness never depends on them: the store's atomic claim refuses double
/// assignments and overruns even if two processes dispatch one department, and every router re-reads the stores at
/// least every <see cref="RoutingOptions.ReconcileInterval"/>, so a lost wake-up delays work by at most that much.
/// </remarks>
public interface IRoutingCoordinator
{
    /// <summary>
    /// Acquires or renews, for <paramref name="holder"/>, leases on the departments it may dispatch. A lease already held is
    /// renewed; a free one is acquired while the holder has fewer than its fair share of <paramref name="departments"/> among
    /// the live holders; one held beyond that share may be given up (and announced, so another holder takes it at once).
    /// </summary>
    /// <param name="departments">Every department the holder would dispatch (the same list in every process).</param>
    /// <param name="holder">Who asks: one router instance (one process), the same on every call it makes.</param>
    /// <param name="duration">How long a lease lasts without renewal; an implementation without expiry uses it to bound how long a holder that vanished keeps its leases.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The leases the holder holds now; departments not returned are another holder's.</returns>
    ValueTask<IReadOnlyList<DepartmentLease>> AcquireAsync(IReadOnlyList<DepartmentId> departments, string holder, Duration duration, CancellationToken cancellationToken);

    /// <summary>Gives a lease up before it expires (a router stopping), so another process can take the department over at once.</summary>
    /// <param name="lease">The lease; nothing happens when it is no longer held.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>A task that completes when the lease is released.</returns>
    ValueTask ReleaseAsync(DepartmentLease lease, CancellationToken cancellationToken);

    /// <summary>
    /// Tells the process holding <paramref name="department"/>'s lease (this one included) that something there changed.
    /// Returns at once, without I/O on the caller's thread; delivery is best effort.
    /// </summary>
    /// <param name="department">The department that changed.</param>
    void Wake(DepartmentId department);

    /// <summary>
    /// Receives the wake-ups meant for this process until the handle is disposed: a change in a department it holds, and a
    /// department whose lease was given up (so a process with room may acquire it at once rather than at its next renewal).
    /// </summary>
    /// <param name="onWake">Called with the department; it must return at once.</param>
    /// <returns>Disposing it ends the subscription.</returns>
    IDisposable Subscribe(Action<DepartmentId> onWake);
}
