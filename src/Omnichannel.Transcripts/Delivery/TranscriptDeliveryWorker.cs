using Microsoft.Extensions.Logging;
using NodaTime;
using Omnichannel.Storage;
using Omnichannel.Transcripts.DependencyInjection;
using Omnichannel.Transcripts.Logging;

namespace Omnichannel.Transcripts.Delivery;

/// <summary>
/// Delivers transcript jobs from the outbox: leases a due job (so no other worker sends it meanwhile), carries it
/// out through the host's ports, and records the outcome. A failing port is retried with exponential backoff
/// (<see cref="TranscriptOptions.InitialRetryDelay"/> doubling up to <see cref="TranscriptOptions.MaxRetryDelay"/>);
/// after <see cref="TranscriptOptions.MaxDeliveryAttempts"/> the job fails and the requester gets a direct message
/// saying so. Jobs live in the outbox, so a restarted host continues them; a job leased by a worker that died is
/// taken over once its lease expires. Run one per process (<see cref="RunAsync"/>), or drive it yourself.
/// </summary>
/// <remarks>Thread-safe: several calls, and several workers on the same store, may run at once.</remarks>
public sealed class TranscriptDeliveryWorker
{
    private readonly IOutboxStore _outbox;
    private readonly TranscriptJobHandler _handler;
    private readonly IClock _clock;
    private readonly TranscriptOptions _options;
    private readonly ILogger _logger;
    private int _nextKind;

    internal TranscriptDeliveryWorker(IOutboxStore outbox, TranscriptJobHandler handler, IClock clock, TranscriptOptions options, ILogger<TranscriptDeliveryWorker> logger)
    {
        _outbox = outbox;
        _handler = handler;
        _clock = clock;
        _options = options;
        _logger = logger;
    }

    /// <summary>The name recorded as the owner of this worker's leases (<see cref="TranscriptOptions.WorkerName"/>).</summary>
    public string Name => _options.WorkerName;

    /// <summary>Leases one due transcript job, if any, and delivers, reschedules or fails it.</summary>
    /// <param name="cancellationToken">Cancels the work; a job interrupted keeps its lease until it expires, then is retried.</param>
    /// <returns>The job as recorded after the attempt, or null when no job was due.</returns>
    public async ValueTask<OutboxMessage?> RunOnceAsync(CancellationToken cancellationToken = default)
    {
        var job = await LeaseAsync(cancellationToken).ConfigureAwait(false);
        return job is null ? null : await ProcessAsync(job, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs <see cref="RunOnceAsync"/> until no job is due.</summary>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>How many jobs were attempted.</returns>
    public async ValueTask<int> RunUntilIdleAsync(CancellationToken cancellationToken = default)
    {
        var attempted = 0;
        while (await RunOnceAsync(cancellationToken).ConfigureAwait(false) is not null)
        {
            attempted++;
        }

        return attempted;
    }

    /// <summary>Delivers due jobs until cancelled, waiting <see cref="TranscriptOptions.PollInterval"/> whenever none is due. For a host's background service.</summary>
    /// <param name="cancellationToken">Stops the loop.</param>
    /// <returns>A task that completes when cancelled.</returns>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                if (await RunUntilIdleAsync(cancellationToken).ConfigureAwait(false) > 0)
                {
                    continue;
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // A failing store must not stop the worker for good: log it and poll again.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                _logger.PollFailed(exception, Name);
            }

            try
            {
                await Task.Delay(_options.PollInterval.ToTimeSpan(), cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <summary>The wait before retry number <paramref name="attempt"/> + 1: the initial delay doubled at each attempt, capped.</summary>
    internal static Duration RetryDelay(TranscriptOptions options, int attempt)
    {
        var delay = options.InitialRetryDelay;
        for (var i = 1; i < attempt && delay < options.MaxRetryDelay; i++)
        {
            delay += delay;
        }

        return delay < options.MaxRetryDelay ? delay : options.MaxRetryDelay;
    }

    /// <summary>Looks for a due job of each transcript kind in turn, starting after the kind served last, so no kind starves.</summary>
    private async ValueTask<OutboxMessage?> LeaseAsync(CancellationToken cancellationToken)
    {
        var kinds = TranscriptJobKinds.All;
        var first = (uint)Interlocked.Increment(ref _nextKind);
        for (var i = 0; i < kinds.Count; i++)
        {
            var kind = kinds[(int)((first + (uint)i) % (uint)kinds.Count)];
            var job = await _outbox.TryLeaseAsync(Name, _clock.GetCurrentInstant(), _options.LeaseDuration, kind, cancellationToken).ConfigureAwait(false);
            if (job is not null)
            {
                return job;
            }
        }

        return null;
    }

    private async ValueTask<OutboxMessage> ProcessAsync(OutboxMessage job, CancellationToken cancellationToken)
    {
        var attempt = job.Attempts + 1;
        string error;
        try
        {
            var refusal = await _handler.DeliverAsync(job, cancellationToken).ConfigureAwait(false);
            if (refusal is null)
            {
                _logger.JobDelivered(job.Id, job.Kind, Name, attempt);
                return await SaveAsync(job with { Status = OutboxMessageStatus.Delivered, Attempts = attempt, LastError = null }, cancellationToken).ConfigureAwait(false);
            }

            // It can never succeed (no address, no permission): retrying would only delay telling the requester.
            return await FailAsync(job, attempt, refusal, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // Any failure of a host's port is retried; none may stop the worker or lose the job.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            error = $"{exception.GetType().Name}: {exception.Message}";
        }

        if (attempt >= _options.MaxDeliveryAttempts)
        {
            return await FailAsync(job, attempt, error, cancellationToken).ConfigureAwait(false);
        }

        var dueAt = _clock.GetCurrentInstant() + RetryDelay(_options, attempt);
        _logger.JobRetrying(job.Id, job.Kind, attempt, _options.MaxDeliveryAttempts, dueAt, error);
        return await SaveAsync(job with { Attempts = attempt, LastError = error, DueAt = dueAt }, cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask<OutboxMessage> FailAsync(OutboxMessage job, int attempt, string error, CancellationToken cancellationToken)
    {
        // The notice is recorded before the job is marked failed: if the process stops in between, the job is leased
        // again, fails again, and finds its notice already there (same id).
        if (TranscriptJobHandler.FailureNoticeFor(job, attempt, error, _clock.GetCurrentInstant()) is { } notice)
        {
            _logger.JobFailed(job.Id, job.Kind, attempt, error);
            try
            {
                await _outbox.EnqueueAsync(notice, cancellationToken).ConfigureAwait(false);
            }
            catch (ConcurrencyConflictException)
            {
                // Recorded by an earlier attempt.
            }
        }
        else
        {
            _logger.JobFailedUnnoticed(job.Id, job.Kind, attempt, error);
        }

        return await SaveAsync(job with { Status = OutboxMessageStatus.Failed, Attempts = attempt, LastError = error }, cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask<OutboxMessage> SaveAsync(OutboxMessage job, CancellationToken cancellationToken)
    {
        try
        {
            return await _outbox.SaveAsync(job, cancellationToken).ConfigureAwait(false);
        }
        catch (ConcurrencyConflictException)
        {
            _logger.LeaseLost(Name, job.Id);
            return job;
        }
    }
}
