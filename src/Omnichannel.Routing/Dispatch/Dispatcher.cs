using Microsoft.Extensions.Logging;
using NodaTime;
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
    public async Task EnsureLoadedAsync(CancellationToken cancellationToken)
    {
        if (_loaded)
        {
            return;
        }

        List<DepartmentId> departments;
        await _loadGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_loaded)
            {
                return;
            }

            departments = await reconciler.ReadDepartmentsAsync(cancellationToken).ConfigureAwait(false);
            await RenewLeasesAsync(departments, cancellationToken).ConfigureAwait(false);
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

            _loaded = true;
        }
        finally
        {
            _loadGate.Release();
        }

        LogLoaded(logger, departments.Count, Holder);
        work.Drain(departments);
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
            await GuardAsync(RenewLeasesAsync([.. toDrain.Union(toReread).Where(IsUnasked).OrderBy(d => d.Value, StringComparer.Ordinal)], cancellationToken), "acquiring leases", cancellationToken).ConfigureAwait(false);
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

    private async ValueTask RenewLeasesAsync(List<DepartmentId> departments, CancellationToken cancellationToken)
    {
        foreach (var department in departments)
        {
            var lease = await coordinator.TryAcquireAsync(department, Holder, options.LeaseDuration, cancellationToken).ConfigureAwait(false);
            lock (_leaseSync)
            {
                if (lease is not null)
                {
                    _leases[department] = lease;
                    _heldElsewhere.Remove(department);
                }
                else
                {
                    _leases.Remove(department);
                    _heldElsewhere.Add(department);
                }
            }
        }
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

    [LoggerMessage(1206, LogLevel.Warning, "Routing failed while {Step}; the next reconciliation (within the reconcile interval) makes up for it.")]
    private static partial void LogStepFailed(ILogger logger, Exception exception, string step);

    [LoggerMessage(1207, LogLevel.Information, "Routing loaded {Departments} departments from the stores as {Holder}.")]
    private static partial void LogLoaded(ILogger logger, int departments, string holder);
}
