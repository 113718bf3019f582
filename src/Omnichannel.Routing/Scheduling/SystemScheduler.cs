using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NodaTime;

namespace Omnichannel.Routing.Scheduling;

/// <summary>
/// The real-time scheduler: one <see cref="ITimer"/> per scheduled piece of work, on <see cref="TimeProvider.System"/>.
/// Work that throws is logged, never lost silently.
/// </summary>
/// <remarks>This type is thread-safe.</remarks>
public sealed partial class SystemScheduler : IScheduler
{
    private readonly IClock _clock;
    private readonly ILogger _logger;

    /// <summary>Creates the scheduler.</summary>
    /// <param name="clock">The clock that due times are read against.</param>
    /// <param name="logger">Where failing work is logged; nowhere when null.</param>
    public SystemScheduler(IClock clock, ILogger<SystemScheduler>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(clock);
        _clock = clock;
        _logger = logger ?? NullLogger<SystemScheduler>.Instance;
    }

    /// <inheritdoc />
    public IDisposable Schedule(Instant dueAt, Func<CancellationToken, ValueTask> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        var delay = dueAt - _clock.GetCurrentInstant();
        var wait = delay <= Duration.Zero ? TimeSpan.Zero : delay.ToTimeSpan();
        var scheduled = new Scheduled(work, _logger);
        scheduled.Timer = TimeProvider.System.CreateTimer(static state => ((Scheduled)state!).Run(), scheduled, wait, Timeout.InfiniteTimeSpan);
        return scheduled;
    }

    [LoggerMessage(1301, LogLevel.Error, "Scheduled routing work failed; it will not be retried by the scheduler.")]
    private static partial void LogWorkFailed(ILogger logger, Exception exception);

    private sealed class Scheduled(Func<CancellationToken, ValueTask> work, ILogger logger) : IDisposable
    {
        private readonly CancellationTokenSource _cancellation = new();

        public ITimer? Timer { get; set; }

        public void Run()
        {
            if (!_cancellation.IsCancellationRequested)
            {
                _ = RunAsync();
            }
        }

        public void Dispose()
        {
            _cancellation.Cancel();
            Timer?.Dispose();
            _cancellation.Dispose();
        }

        private async Task RunAsync()
        {
            try
            {
                await work(_cancellation.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_cancellation.IsCancellationRequested)
            {
                // Cancelled by its owner: nothing to report.
            }
            catch (Exception exception)
            {
                LogWorkFailed(logger, exception);
            }
        }
    }
}
