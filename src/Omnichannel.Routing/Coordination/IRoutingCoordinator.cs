using NodaTime;

namespace Omnichannel.Routing.Coordination;

/// <summary>
/// Coordinates the routers of several processes sharing one store: each department is dispatched by the process holding
/// its lease (so two processes do not fight over one queue), and a change made in any process wakes that process. The
/// default, for one process, grants every lease and delivers wake-ups in memory; an implementation over a shared
/// database (a lease table with expiry or advisory locks, LISTEN/NOTIFY) lets routers of several processes share the work.
/// </summary>
/// <remarks>
/// Implementations must be thread-safe. Correctness never depends on them: the store's atomic claim refuses double
/// assignments and overruns even if two processes dispatch one department, and every router re-reads the stores at
/// least every <see cref="RoutingOptions.ReconcileInterval"/>, so a lost wake-up delays work by at most that much.
/// </remarks>
public interface IRoutingCoordinator
{
    /// <summary>
    /// Acquires the department's lease for <paramref name="holder"/> until <paramref name="duration"/> from now, or renews
    /// it if <paramref name="holder"/> holds it already; fails while another holder's lease has not expired.
    /// </summary>
    /// <param name="department">The department.</param>
    /// <param name="holder">Who asks: one router instance (one process), the same on every call it makes.</param>
    /// <param name="duration">How long the lease lasts without renewal.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The lease, or null when another holder has it.</returns>
    ValueTask<DepartmentLease?> TryAcquireAsync(DepartmentId department, string holder, Duration duration, CancellationToken cancellationToken);

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

    /// <summary>Receives the wake-ups meant for this process (for departments it may hold), until the handle is disposed.</summary>
    /// <param name="onWake">Called with the department that changed; it must return at once.</param>
    /// <returns>Disposing it ends the subscription.</returns>
    IDisposable Subscribe(Action<DepartmentId> onWake);
}
