using Microsoft.Extensions.Logging;
using Omnichannel.Notifications;
using Omnichannel.Routing.Coordination;

namespace Omnichannel.Routing.Dispatch;

/// <summary>
/// One dispatch pass, the only place routing work runs: loads the view at start, applies the events and runs the actions
/// posted to <see cref="DispatchWork"/>, reconciles with the stores when asked (periodically, or woken by another
/// process), renews this process's department leases, and drains the departments where work or capacity appeared.
/// Passes never overlap; a pass runs until nothing is left to do. A store fault in one step is logged and left to the
/// next reconciliation; it never stops the pass or loses the other work.
/// </summary>
/// <remarks>Thread-safe: passes are serialized by a gate; the view is changed under its lock.</remarks>
internal sealed partial class Dispatcher(
    StoreView view,
    DispatchWork work,
    ViewUpdater updater,
    Reconciler reconciler,
    QueueDrain drain,
    IRoutingCoordinator coordinator,
    RoutingOptions options,
    ILogger logger,
    Diagnostics.RoutingMetrics metrics) : IDisposable
{
    /// <summary>Rounds of work one pass does before it yields to a new pass (a host reacting to every event with another change cannot hold the dispatcher forever).</summary>
    private const int MaxRounds = 1000;

    private static readonly AsyncLocal<Dispatcher?> InPassFlow = new();

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly SemaphoreSlim _loadGate = new(1, 1);
    private readonly Lock _leaseSync = new();
    private readonly Dictionary<DepartmentId, DepartmentLease> _leases = [];
    private readonly HashSet<DepartmentId> _heldElsewhere = [];
    private volatile bool _loaded;

    /// <summary>This router instance as a leaseholder.</summary>
    public string Holder { get; } = $"router-{Guid.NewGuid():N}";

    /// <summary>True on the flow of this dispatcher's running pass (a host publisher called from inside it).</summary>
    public bool InPass => ReferenceEquals(InPassFlow.Value, this);

    public bool IsLoaded => _loaded;

    public void Dispose()
    {
        _gate.Dispose();
        _loadGate.Dispose();
    }

    /// <summary>Loads the view from the stores once: departments, their agents and queues, every agent's load. Then drains everything.</summary>
    /// <returns>True when this call loaded the view (it has just read everything); false when it was loaded already.</returns>
    public async Task<bool> EnsureLoadedAsync(CancellationToken cancellationToken)
    {
        if (_loaded)
        {
            return false;
        }

        List<DepartmentId> departments;
        await _loadGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_loaded)
            {
                return false;
            }

            departments = await reconciler.ReadDepartmentsAsync(cancellationToken).ConfigureAwait(false);
            var none = new HashSet<AgentId>();
            foreach (var department in departments)
            {
                await reconciler.ReconcileDepartmentAsync(department, loads: false, none, cancellationToken).ConfigureAwait(false);
            }

            List<AgentId> agents;
            lock (view.Sync)
            {
                agents = [.. view.Agents.All.Select(a => a.Id).OrderBy(a => a.Value, StringComparer.Ordinal)];
            }

            foreach (var agent in agents)
            {
                await reconciler.RefreshLoadAsync(agent, cancellationToken).ConfigureAwait(false);
            }

            // Leases last: a process joins the others (which may hand it departments at once) only when it can serve them.
            await RenewLeasesAsync(departments, cancellationToken).ConfigureAwait(false);
            _loaded = true;
        }
        finally
        {
            _loadGate.Release();
        }

        LogLoaded(logger, departments.Count, Holder);
        work.Drain(departments);
        return true;
    }

    /// <summary>Runs one pass; <paramref name="cancellationToken"/> is the dispatcher's own (stopping the router), never a caller's.</summary>
    public async Task RunPassAsync(CancellationToken cancellationToken)
    {
        if (_loaded && !work.IsPending)
        {
            return; // woken for work an earlier pass did already
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        InPassFlow.Value = this;
        try
        {
            try
            {
                await EnsureLoadedAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (!IsStopping(exception, cancellationToken))
            {
                LogStepFailed(logger, exception, "loading the view from the stores");
                return; // retried by the next wake-up or reconciliation
            }

            for (var round = 0; round < MaxRounds; round++)
            {
                if (!await RunRoundAsync(cancellationToken).ConfigureAwait(false))
                {
                    return;
                }
            }

            work.WakeLoop?.Invoke(); // more is left: another pass takes it over
        }
        finally
        {
            InPassFlow.Value = null;
            _gate.Release();
        }
    }

    /// <summary>Releases this process's leases so another process can take its departments over at once.</summary>
    public async ValueTask ReleaseLeasesAsync(CancellationToken cancellationToken)
    {
        List<DepartmentLease> leases;
        lock (_leaseSync)
        {
            leases = [.. _leases.Values];
            _leases.Clear();
        }

        foreach (var lease in leases)
        {
            await coordinator.ReleaseAsync(lease, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>One round: events, actions, reconciliations, drains. False when there was nothing to do.</summary>
    private async ValueTask<bool> RunRoundAsync(CancellationToken cancellationToken)
    {
        var any = false;
        while (work.TryTakeEvent(out var domainEvent))
        {
            any = true;
            await GuardAsync(ApplyAsync(domainEvent, cancellationToken), "applying an event", cancellationToken).ConfigureAwait(false);
        }

        while (work.TryTakeAction(out var action))
        {
            any = true;
            await GuardAsync(action(cancellationToken), "a routing action", cancellationToken).ConfigureAwait(false);
        }

        if (!work.TryTakeDepartments(out var toDrain, out var toReread, out var reconcile))
        {
            return any;
        }

        if (reconcile)
        {
            await GuardAsync(TracedReconcileAsync(cancellationToken), "reconciling with the stores", cancellationToken).ConfigureAwait(false);
            lock (_leaseSync)
            {
                toDrain.UnionWith(_leases.Keys);
            }
        }

        // A department this process never asked for (new since the last renewal) is leased before it is served.
        if (toDrain.Any(IsUnasked) || toReread.Any(IsUnasked))
        {
            List<DepartmentId> all;
            lock (view.Sync)
            {
                all = view.DepartmentIds();
            }

            foreach (var department in toDrain.Union(toReread).Where(d => !all.Contains(d)))
            {
                all.Add(department);
            }

            // A department taken over is re-read before it is served: this process's view of it was not kept current.
            toReread.UnionWith(await RenewLeasesAsync(all, cancellationToken).ConfigureAwait(false));
        }

        if (toReread.Count > 0)
        {
            var refreshed = new HashSet<AgentId>();
            foreach (var department in toReread.OrderBy(d => d.Value, StringComparer.Ordinal))
            {
                if (Holds(department))
                {
                    await GuardAsync(reconciler.ReconcileDepartmentAsync(department, loads: true, refreshed, cancellationToken), "reconciling a department", cancellationToken).ConfigureAwait(false);
                    toDrain.Add(department);
                }
            }
        }

        // In id order, so every run serves departments in the same order.
        foreach (var department in toDrain.Count == 1 ? (IEnumerable<DepartmentId>)toDrain : toDrain.OrderBy(d => d.Value, StringComparer.Ordinal))
        {
            if (!Holds(department))
            {
                coordinator.Wake(department); // its leaseholder, another process, serves it
                continue;
            }

            DepartmentRouting? routing;
            lock (view.Sync)
            {
                routing = view.Departments.GetValueOrDefault(department);
            }

            if (routing is not null)
            {
                await GuardAsync(drain.DrainAsync(routing, cancellationToken), "draining a department", cancellationToken).ConfigureAwait(false);
            }
        }

        return true;
    }

    /// <summary>Re-reads the departments, renews the leases, and reconciles every department this process holds.</summary>
    private async ValueTask ReconcileAsync(CancellationToken cancellationToken)
    {
        var departments = await reconciler.ReadDepartmentsAsync(cancellationToken).ConfigureAwait(false);
        await RenewLeasesAsync(departments, cancellationToken).ConfigureAwait(false);
        var refreshed = new HashSet<AgentId>();
        foreach (var department in departments)
        {
            if (Holds(department))
            {
                await reconciler.ReconcileDepartmentAsync(department, loads: true, refreshed, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Acquires or renews the leases on <paramref name="departments"/> (every department the view knows): the coordinator
    /// says which this process holds now, the rest are another's. When the coordinator cannot answer (its database
    /// unreachable), this process holds nothing until it can: another may have taken its departments over meanwhile.
    /// </summary>
    private async ValueTask<List<DepartmentId>> RenewLeasesAsync(List<DepartmentId> departments, CancellationToken cancellationToken)
    {
        IReadOnlyList<DepartmentLease> leases;
        try
        {
            leases = await coordinator.AcquireAsync(departments, Holder, options.LeaseDuration, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (!IsStopping(exception, cancellationToken))
        {
            lock (_leaseSync)
            {
                _leases.Clear();
                _heldElsewhere.Clear();
            }

            LogLeasesLost(logger, exception, Holder);
            return [];
        }

        List<DepartmentId> gained = [];
        lock (_leaseSync)
        {
            var held = leases.Select(l => l.DepartmentId).ToHashSet();
            foreach (var lease in leases)
            {
                if (!_leases.ContainsKey(lease.DepartmentId))
                {
                    gained.Add(lease.DepartmentId);
                }

                _leases[lease.DepartmentId] = lease;
            }

            foreach (var department in _leases.Keys.Where(d => !held.Contains(d)).ToList())
            {
                _leases.Remove(department);
            }

            _heldElsewhere.Clear();
            _heldElsewhere.UnionWith(departments.Where(d => !held.Contains(d)));
        }

        if (gained.Count > 0 && _loaded)
        {
            LogLeasesGained(logger, Holder, gained.Count, string.Join(", ", gained.Take(10)));
        }

        return gained;
    }

    /// <summary>
    /// A wake-up from the coordinator: a change in a department this process holds (re-read it), or a department another
    /// process gave up (ask for its lease again at once, rather than at the next renewal).
    /// </summary>
    public void OnWake(DepartmentId department)
    {
        lock (_leaseSync)
        {
            if (!_leases.ContainsKey(department))
            {
                _heldElsewhere.Remove(department);
            }
        }

        work.Reread(department);
    }

    private bool IsUnasked(DepartmentId department)
    {
        lock (_leaseSync)
        {
            return !_leases.ContainsKey(department) && !_heldElsewhere.Contains(department);
        }
    }

    private bool Holds(DepartmentId department)
    {
        lock (_leaseSync)
        {
            return _leases.ContainsKey(department);
        }
    }

    private ValueTask ApplyAsync(DomainEvent domainEvent, CancellationToken cancellationToken)
    {
        switch (domainEvent)
        {
            case ConversationStateChanged changed:
                return Discard(updater.ApplyAsync(changed.Conversation, changed.Trigger, changed.OccurredAt, cancellationToken));
            case ConversationQueued queued:
                return Discard(updater.ApplyAsync(queued.Conversation, trigger: null, queued.OccurredAt, cancellationToken));
            case RoomInformationChanged edited:
                return Discard(updater.ApplyAsync(edited.Conversation, trigger: null, edited.OccurredAt, cancellationToken));
            case AgentStatusChanged status:
                updater.Apply(status.Agent);
                break;
            case AgentUpdated updated:
                updater.Apply(updated.Agent);
                break;
            case DepartmentChanged department:
                updater.Apply(department.Department);
                break;
        }

        return ValueTask.CompletedTask;

        static async ValueTask Discard(ValueTask<bool> applying) => await applying.ConfigureAwait(false);
    }

    /// <summary>Runs one step; a failure (a store fault, a bug) is logged and left to the next reconciliation, and the pass goes on.</summary>
    private async ValueTask GuardAsync(ValueTask step, string what, CancellationToken cancellationToken)
    {
        try
        {
            await step.ConfigureAwait(false);
        }
        catch (Exception exception) when (!IsStopping(exception, cancellationToken))
        {
            LogStepFailed(logger, exception, what);
        }
    }

    private static bool IsStopping(Exception exception, CancellationToken cancellationToken) =>
        exception is OperationCanceledException && cancellationToken.IsCancellationRequested;

    [LoggerMessage(1401, LogLevel.Warning, "Routing {Holder} could not renew its department leases; it dispatches none until the coordinator answers again (another process may take them over).")]
    private static partial void LogLeasesLost(ILogger logger, Exception exception, string holder);

    [LoggerMessage(1402, LogLevel.Information, "Routing {Holder} took over {Count} departments ({Departments}).")]
    private static partial void LogLeasesGained(ILogger logger, string holder, int count, string departments);

    [LoggerMessage(1206, LogLevel.Warning, "Routing failed while {Step}; the next reconciliation (within the reconcile interval) makes up for it.")]
    private static partial void LogStepFailed(ILogger logger, Exception exception, string step);

    [LoggerMessage(1207, LogLevel.Information, "Routing loaded {Departments} departments from the stores as {Holder}.")]
    private static partial void LogLoaded(ILogger logger, int departments, string holder);
}
