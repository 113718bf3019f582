using System.Runtime.ExceptionServices;
using Omnichannel.Notifications;

namespace Omnichannel.Simulator.Simulation;

/// <summary>
/// The run's domain-event publisher: the metrics first, then the simulated people. Registered before routing, so it
/// sees a conversation queued before routing assigns it.
/// </summary>
/// <remarks>Not thread-safe: a run publishes on the one thread that advances its virtual time.</remarks>
internal sealed class SimulationObserver : IDomainEventPublisher
{
    private MetricsRecorder? _metrics;
    private ContactCenterFloor? _floor;
    private ExceptionDispatchInfo? _failure;

    /// <summary>Starts observing (events before, such as agents' registration, are not part of the run).</summary>
    public void Attach(MetricsRecorder metrics, ContactCenterFloor floor)
    {
        _metrics = metrics;
        _floor = floor;
    }

    public async ValueTask PublishAsync(DomainEvent domainEvent, CancellationToken cancellationToken)
    {
        try
        {
            _metrics?.Record(domainEvent);
            if (_floor is not null)
            {
                await _floor.ReactAsync(domainEvent, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The library logs and skips a failing publisher; a simulator bug must stop the run instead.
            _failure ??= ExceptionDispatchInfo.Capture(exception);
            throw;
        }
    }

    /// <summary>Rethrows the first exception a handler threw, if any.</summary>
    public void ThrowIfFailed() => _failure?.Throw();
}
