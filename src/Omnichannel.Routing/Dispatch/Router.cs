using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NodaTime;
using Omnichannel.Agents;
using Omnichannel.Contacts;
using Omnichannel.Conversations;
using Omnichannel.Departments;
using Omnichannel.DependencyInjection;
using Omnichannel.Lifecycle;
using Omnichannel.Notifications;
using Omnichannel.Operations;
using Omnichannel.Routing.Coordination;
using Omnichannel.Routing.DependencyInjection;
using Omnichannel.Routing.Queues;
using Omnichannel.Routing.Scheduling;
using Omnichannel.Validation;

namespace Omnichannel.Routing.Dispatch;

/// <summary>
/// The router of one process, put together from parts with one job each: the view of the stores (<see cref="StoreView"/>:
/// agent pool and indexes, queues), the mailbox (<see cref="DispatchWork"/>), the dispatcher and its loop, the
/// reconciliation, the drain, offers, timers and the coordination port. It hears domain events through Core's
/// <see cref="IDomainEventBus"/> as wake-ups only: every change is posted to the dispatcher, which runs off the caller's
/// thread with its own cancellation, so an operation returns when its write is stored and its caller's token never
/// cancels routing. Started by the hosted service, by <see cref="StartAsync"/>, or by the first event; stopped (its loop,
/// its timers and its leases) with the container.
/// </summary>
/// <remarks>Thread-safe.</remarks>
internal sealed partial class Router : IRoutingService, IDomainEventSubscriber, IAsyncDisposable, IDisposable
{
    private readonly IConversationService _conversations;
    private readonly IClock _clock;
    private readonly RoutingOptions _options;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _lifetime = new();
    private readonly StoreView _view;
    private readonly DispatchWork _work = new();
    private readonly RoutingTimers _timers;
    private readonly ViewUpdater _updater;
    private readonly Reconciler _reconciler;
    private readonly OfferBook _offers;
    private readonly Dispatcher _dispatcher;
    private readonly IDispatchLoop _loop;
    private readonly IDisposable _subscription;
    private readonly IDisposable _wakeups;
    private readonly OwnWriteEvents _ownWrites;
    private int _started;
    private int _stopped;

    public Router(
        IConversationService conversations,
        IConversationStore conversationStore,
        IAgentStore agentStore,
        IDepartmentStore departmentStore,
        IContactStore contactStore,
        IDomainEventBus bus,
        IRoutingCoordinator coordinator,
        IClock clock,
        IScheduler scheduler,
        RoutingAlgorithmSelection algorithms,
        IOptions<RoutingOptions> options,
        IOptions<OmnichannelOptions> coreOptions,
        ILogger<Router> logger,
        Diagnostics.RoutingMetrics metrics)
    {
        _conversations = conversations;
        _clock = clock;
        _metrics = metrics;
        _options = options.Value;
        _logger = logger;
        _view = new StoreView(algorithms, _options, WorkspaceRules.From(coreOptions.Value), [.. coreOptions.Value.Priorities]);
        _timers = new RoutingTimers(scheduler, _work);
        var timeouts = new Timeouts(_view, conversations, conversationStore, _timers, _work, clock, _options, logger);
        _updater = new ViewUpdater(_view, contactStore, conversationStore, departmentStore, _work, timeouts, _options, logger);
        timeouts.Written = async (written, ct) => await _updater.ApplyAsync(written, trigger: null, clock.GetCurrentInstant(), ct).ConfigureAwait(false);
        _reconciler = new Reconciler(_view, _updater, conversationStore, agentStore, departmentStore, clock, coreOptions.Value.CountOnHoldTowardCapacity);
        _offers = new OfferBook(_view, bus, _timers, _work, timeouts, clock, _options);
        _ownWrites = new OwnWriteEvents(_work);
        var drain = new QueueDrain(_view, conversations, _updater, _reconciler, _offers, _ownWrites, clock, _options, logger, metrics);
        _dispatcher = new Dispatcher(_view, _work, _updater, _reconciler, drain, coordinator, _options, logger, metrics);
        var positions = new QueuePositionFeed(_view, _timers, bus, clock, _options);
        _view.Queues.Added = timeouts.OnQueued;
        _view.Queues.Removed = entry =>
        {
            Timeouts.Cancel(entry);
            _offers.Withdraw(entry);
        };
        _view.Queues.Changed = positions.MarkChanged;

        // Virtual time runs the same dispatcher as scheduled work, without threads; real time runs it on its own task.
        _loop = scheduler.IsVirtualTime
            ? new SchedulerDispatchLoop(scheduler, clock, _work, _dispatcher.RunPassAsync, _lifetime.Token)
            : new BackgroundDispatchLoop(_dispatcher.RunPassAsync, logger, _lifetime.Token);
        _work.WakeLoop = Wake;
        _subscription = bus.Subscribe(this);
        _wakeups = coordinator.Subscribe(_dispatcher.OnWake);
    }

    /// <summary>Hears a stored change (on the thread that stored it): posts it to the dispatcher and returns at once.</summary>
    public void OnEvent(DomainEvent domainEvent)
    {
        if (domainEvent is ConversationStateChanged or ConversationQueued or RoomInformationChanged or AgentStatusChanged or AgentUpdated or DepartmentChanged
            && !_ownWrites.TryHold(domainEvent))
        {
            _work.Post(domainEvent);
        }
    }

    /// <summary>Starts the dispatcher (idempotent) without waiting for the stores: the hosted service's start.</summary>
    public void Run()
    {
        if (Volatile.Read(ref _stopped) != 0 || Interlocked.Exchange(ref _started, 1) != 0)
        {
            return;
        }

        _loop.Start();
        ScheduleReconciliation();
        _loop.Wake();
    }

    public async ValueTask StartAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _stopped) != 0, this);
        cancellationToken.ThrowIfCancellationRequested();
        Run();
        await _dispatcher.EnsureLoadedAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DispatchAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _stopped) != 0, this);
        cancellationToken.ThrowIfCancellationRequested();
        Run();
        if (_dispatcher.InPass)
        {
            _work.Reconcile();
            return; // asked from inside a pass (a host publisher): the running pass does it
        }

        // A view this call loads has just read everything; one loaded before is re-read.
        if (!await _dispatcher.EnsureLoadedAsync(cancellationToken).ConfigureAwait(false))
        {
            _work.Reconcile();
        }

        // The pass runs with the router's cancellation; the caller's token only stops the waiting.
        await _dispatcher.RunPassAsync(_lifetime.Token).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<IReadOnlyList<QueuePosition>> GetQueueAsync(DepartmentId department, CancellationToken cancellationToken = default)
    {
        Require.Id(department);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _stopped) != 0, this);
        cancellationToken.ThrowIfCancellationRequested();
        Run();
        await _dispatcher.EnsureLoadedAsync(cancellationToken).ConfigureAwait(false);
        lock (_view.Sync)
        {
            return _view.Departments.TryGetValue(department, out var routing) ? WaitEstimator.Positions(routing, _view.Agents) : [];
        }
    }

    public async ValueTask<OperationResult<Conversation>> AcceptOfferAsync(ConversationId conversation, AgentId agent, CancellationToken cancellationToken = default)
    {
        Require.Id(conversation);
        Require.Id(agent);
        cancellationToken.ThrowIfCancellationRequested(); // before the offer is taken: a cancelled accept leaves it offered
        if (_offers.TakeForAcceptance(conversation, agent) is not { } offer)
        {
            return OperationResult<Conversation>.Failure(OperationErrorCode.NotFound,
                $"Conversation '{conversation}' is not offered to agent '{agent}' (the offer expired, was declined, or went to someone else).");
        }

        OperationResult<Conversation> result;
        try
        {
            // The agent's own operation, with their token; whatever happens, the entry and the reservation are settled below.
            result = await _conversations.AssignAsync(conversation, agent, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            Settle(offer);
            throw;
        }

        if (result.Succeeded)
        {
            lock (_view.Sync)
            {
                _view.Agents.Release(offer.Agent, offer.Entry);
            }

            // A take: no I/O to apply it, so the caller's thread is fine; the event that follows is then a duplicate.
            await _updater.ApplyAsync(result.Value, ConversationTrigger.Take, _clock.GetCurrentInstant(), CancellationToken.None).ConfigureAwait(false);
            _work.Drain(offer.Entry.DepartmentId);
            CountAcceptedOffer(offer.Entry.DepartmentId);
            return result;
        }

        Settle(offer);
        return result;
    }

    public ValueTask<OperationResult> DeclineOfferAsync(ConversationId conversation, AgentId agent, CancellationToken cancellationToken = default)
    {
        Require.Id(conversation);
        Require.Id(agent);
        cancellationToken.ThrowIfCancellationRequested(); // a cancelled decline leaves the offer standing
        return ValueTask.FromResult(_offers.Decline(conversation, agent)
            ? OperationResult.Success
            : OperationResult.Failure(OperationErrorCode.NotFound, $"Conversation '{conversation}' is not offered to agent '{agent}'."));
    }

    /// <summary>Stops the dispatcher, cancels every timer, ends the subscriptions and releases the leases. Idempotent.</summary>
    public async ValueTask StopAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return;
        }

        _subscription.Dispose();
        _wakeups.Dispose();
        _timers.Stop();
        await _lifetime.CancelAsync().ConfigureAwait(false);
        await _loop.StopAsync().ConfigureAwait(false);
        try
        {
            await _dispatcher.ReleaseLeasesAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogReleaseFailed(_logger, exception); // the leases expire by themselves
        }

        LogStopped(_logger, _dispatcher.Holder);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        (_loop as IDisposable)?.Dispose();
        _dispatcher.Dispose();
        _lifetime.Dispose();
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>An offer that did not end in an assignment: the entry goes back to its place and the dispatcher re-reads it and the agent.</summary>
    private void Settle(Offer offer)
    {
        lock (_view.Sync)
        {
            _view.Agents.Release(offer.Agent, offer.Entry);
            _view.Queues.Requeue(offer.Entry);
        }

        // The refusal's re-reads run in the dispatcher with its own cancellation, not on the agent's request.
        _work.Post(async ct =>
        {
            await _reconciler.RefreshConversationAsync(offer.Entry.Id, ct).ConfigureAwait(false);
            await _reconciler.RefreshAgentAsync(offer.Agent.Id, ct).ConfigureAwait(false);
        });
        _work.Drain(offer.Entry.DepartmentId);
    }

    private void Wake()
    {
        if (Volatile.Read(ref _stopped) != 0)
        {
            return;
        }

        if (Volatile.Read(ref _started) == 0)
        {
            Run(); // the first event starts routing
            return;
        }

        _loop.Wake();
    }

    /// <summary>The periodic reconciliation: at least every <see cref="RoutingOptions.ReconcileInterval"/>, the next one scheduled by the last.</summary>
    private void ScheduleReconciliation() =>
        _timers.Schedule(_clock.GetCurrentInstant() + _options.ReconcileInterval, _ =>
        {
            _work.Reconcile();
            ScheduleReconciliation();
            return ValueTask.CompletedTask;
        });

    [LoggerMessage(1209, LogLevel.Warning, "Releasing routing leases on stop failed; they expire by themselves.")]
    private static partial void LogReleaseFailed(ILogger logger, Exception exception);

    [LoggerMessage(1210, LogLevel.Information, "Routing {Holder} stopped: its timers are cancelled and its leases released.")]
    private static partial void LogStopped(ILogger logger, string holder);
}
