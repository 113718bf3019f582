using Microsoft.Extensions.Logging;
using NodaTime;
using Omnichannel.Routing.Scheduling;

namespace Omnichannel.Routing.Dispatch;

/// <summary>Runs dispatcher passes when woken: on a background task in production, on a virtual-time <see cref="IScheduler"/> (<c>Omnichannel.Testing.Scheduling.VirtualScheduler</c>) in virtual time.</summary>
/// <remarks>Implementations are thread-safe.</remarks>
internal interface IDispatchLoop
{
    /// <summary>Starts running passes (idempotent).</summary>
    void Start();

    /// <summary>Asks for a pass soon; never blocks and never runs one on the caller's thread.</summary>
    void Wake();

    /// <summary>Stops: no pass starts afterwards; returns when the running one (cancelled) has ended.</summary>
    Task StopAsync();
}

/// <summary>
/// The dispatcher loop of a process: one long-running task that waits to be woken and runs a pass, with the router's own
/// cancellation. Wake-ups while a pass runs are folded into one more pass.
/// </summary>
/// <remarks>Thread-safe.</remarks>
internal sealed partial class BackgroundDispatchLoop(Func<CancellationToken, Task> pass, ILogger logger, CancellationToken lifetime) : IDispatchLoop, IDisposable
{
    private readonly SemaphoreSlim _signal = new(0);
    private readonly Lock _sync = new();
    private int _signalled;
    private Task? _running;

    public void Start()
    {
        lock (_sync)
        {
            _running ??= Task.Run(() => RunAsync(lifetime), CancellationToken.None);
        }
    }

    public void Wake()
    {
        if (Interlocked.Exchange(ref _signalled, 1) == 0)
        {
            _signal.Release();
        }
    }

    public async Task StopAsync()
    {
        Task? running;
        lock (_sync)
        {
            running = _running;
        }

        if (running is not null)
        {
            await running.ConfigureAwait(false);
        }
    }

    public void Dispose() => _signal.Dispose();

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await _signal.WaitAsync(cancellationToken).ConfigureAwait(false);
                Volatile.Write(ref _signalled, 0);
                await pass(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                // A pass guards its own steps; this is a bug. Keep the loop alive: the next wake-up or reconciliation runs again.
                LogPassFailed(logger, exception);
            }
        }
    }

    [LoggerMessage(1208, LogLevel.Error, "A routing pass failed unexpectedly; the dispatcher loop goes on.")]
    private static partial void LogPassFailed(ILogger logger, Exception exception);
}

/// <summary>
/// The same dispatcher in virtual time, without threads: a wake-up schedules a pass on the <see cref="IScheduler"/> at the
/// current virtual time, so it runs when the test or simulation advances time (advancing by zero runs it), in a
/// deterministic order. Wake-ups during a pass are folded into it, or into one more pass when work is still pending.
/// </summary>
/// <remarks>Thread-safe.</remarks>
internal sealed class SchedulerDispatchLoop(IScheduler scheduler, IClock clock, DispatchWork work, Func<CancellationToken, Task> pass, CancellationToken lifetime) : IDispatchLoop
{
    private readonly Lock _sync = new();
    private bool _started;
    private bool _scheduled;
    private bool _running;
    private bool _again;
    private IDisposable? _pending;
    private Func<CancellationToken, ValueTask>? _run;

    public void Start()
    {
        lock (_sync)
        {
            _started = true;
        }

        Wake();
    }

    public void Wake()
    {
        lock (_sync)
        {
            if (!_started || lifetime.IsCancellationRequested)
            {
                return;
            }

            if (_running)
            {
                _again = true;
                return;
            }

            if (_scheduled)
            {
                return;
            }

            _scheduled = true;
        }

        var pending = scheduler.Schedule(clock.GetCurrentInstant(), _run ??= RunAsync);
        lock (_sync)
        {
            _pending = pending;
        }
    }

    public Task StopAsync()
    {
        lock (_sync)
        {
            _started = false;
            _pending?.Dispose();
        }

        return Task.CompletedTask;
    }

    private async ValueTask RunAsync(CancellationToken cancellationToken)
    {
        lock (_sync)
        {
            _scheduled = false;
            _running = true;
            _again = false;
        }

        try
        {
            while (!lifetime.IsCancellationRequested)
            {
                await pass(lifetime).ConfigureAwait(false);
                lock (_sync)
                {
                    // Wake-ups during the pass mostly asked for work it did; another pass only for what is still pending.
                    // Checked under the lock a waker takes after posting, so no wake-up is lost.
                    if (!_again || !work.IsPending)
                    {
                        _running = false;
                        _again = false;
                        return;
                    }

                    _again = false;
                }
            }
        }
        finally
        {
            lock (_sync)
            {
                _running = false;
            }
        }
    }
}
