using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using NodaTime;
using Omnichannel.Outbox;
using Omnichannel.Storage;
using Omnichannel.Transcripts.DependencyInjection;
using Omnichannel.Transcripts.Logging;

namespace Omnichannel.Transcripts.Delivery;

/// <summary>
/// Delivers transcript jobs from the outbox: leases a due job (so no other worker sends it meanwhile), carries it
/// out through the host's ports, and records the outcome. A failing port is retried with exponential backoff
/// (<see cref="TranscriptOptions.InitialRetryDelay"/> doubling up to <see cref="TranscriptOptions.MaxRetryDelay"/>);
/// after <see cref="TranscriptOptions.MaxDeliveryAttempts"/> the job fails and the requester gets a direct message
/// saying so. Recording the outcome is retried on its own when the store fails
/// (<see cref="TranscriptOptions.MaxRecordAttempts"/>): a send is never repeated, nor counted as failed, because its
/// record failed. Jobs live in the outbox, so a restarted host continues them; a job leased by a worker that died is
/// taken over once its lease expires. <c>AddOmnichannelTranscripts</c> runs one per process as a hosted service; tests
/// and hosts without a generic host drive it with <see cref="RunOnceAsync"/>, <see cref="RunUntilIdleAsync"/> or
/// <see cref="RunAsync(CancellationToken)"/>.
/// </summary>
/// <remarks>Thread-safe: several calls, and several workers on the same store, may run at once.</remarks>
public sealed class TranscriptDeliveryWorker
{
    /// <summary>The most delivered-but-unrecorded jobs a worker remembers (see <see cref="_deliveredUnrecorded"/>).</summary>
    private const int MaxRemembered = 10_000;

    /// <summary>How long releasing a lease may take when a delivery is cancelled (the caller's token is already cancelled).</summary>
    private static readonly TimeSpan ReleaseTimeout = TimeSpan.FromSeconds(10);

    private readonly IOutboxStore _outbox;
    private readonly TranscriptJobHandler _handler;
    private readonly IClock _clock;
    private readonly TranscriptOptions _options;
    private readonly ILogger _logger;

    /// <summary>
    /// Jobs this worker delivered but could not record (the store stayed down): when it leases one again, it records the
    /// delivery instead of sending again. Bounded by <see cref="MaxRemembered"/>; beyond that a job may be sent twice,
    /// which the stable Message-ID lets the receiver recognise.
    /// </summary>
    private readonly ConcurrentDictionary<string, byte> _deliveredUnrecorded = new(StringComparer.Ordinal);
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
    /// <param name="cancellationToken">
    /// Cancels the work. A delivery interrupted this way is not counted as an attempt and its lease is released, so that
    /// any worker may take the job again at once.
    /// </param>
    /// <returns>The job as recorded after the attempt, or null when no job was due.</returns>
    /// <exception cref="Exception">
    /// The store kept failing while the outcome was recorded (after <see cref="TranscriptOptions.MaxRecordAttempts"/> tries):
    /// the job stays leased until its lease expires, then is taken again; a delivered one is then recorded without being sent again.
    /// </exception>
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

    /// <summary>
    /// Delivers due jobs until cancelled, waiting <see cref="TranscriptOptions.PollInterval"/> whenever none is due. A
    /// delivery in progress when <paramref name="cancellationToken"/> is cancelled is interrupted and its lease released.
    /// The hosted service registered by <c>AddOmnichannelTranscripts</c> runs this loop; call it yourself only without one.
    /// </summary>
    /// <param name="cancellationToken">Stops the loop.</param>
    /// <returns>A task that completes when cancelled.</returns>
    public Task RunAsync(CancellationToken cancellationToken) => RunAsync(cancellationToken, cancellationToken);

    /// <summary>
    /// The loop with a graceful stop: <paramref name="stopping"/> ends polling (no new job is leased), while a delivery in
    /// progress runs on until it is done or <paramref name="abort"/> interrupts it (its lease is then released).
    /// </summary>
    internal async Task RunAsync(CancellationToken stopping, CancellationToken abort)
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                var job = await LeaseAsync(stopping).ConfigureAwait(false);
                if (job is not null)
                {
                    await ProcessAsync(job, abort).ConfigureAwait(false);
                    continue;
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested || abort.IsCancellationRequested)
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
                await Task.Delay(_options.PollInterval.ToTimeSpan(), stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
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

    /// <summary>Delivers the leased job (unless this worker already did), then records the outcome, separately.</summary>
    private async ValueTask<OutboxMessage> ProcessAsync(OutboxMessage job, CancellationToken cancellationToken)
    {
        var attempt = job.Attempts + 1;
        if (_deliveredUnrecorded.ContainsKey(job.Id))
        {
            // Sent earlier by this worker, but the store was down when the outcome was recorded: record it, do not send again.
            _logger.DeliveryRecordedLate(job.Id, job.Kind, Name);
            return await RecordAsync(job, job with { Status = OutboxMessageStatus.Delivered, Attempts = attempt, LastError = null }, notice: null, cancellationToken).ConfigureAwait(false);
        }

        // Only the delivery runs under this try: a failure to record its outcome is handled by RecordAsync, never counted as a failed send.
        string? refusal = null;
        string? error = null;
        try
        {
            refusal = await _handler.DeliverAsync(job, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await ReleaseAsync(job).ConfigureAwait(false);
            throw;
        }
#pragma warning disable CA1031 // Any failure of a host's port is retried; none may stop the worker or lose the job.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            error = $"{exception.GetType().Name}: {exception.Message}";
        }

        if (error is null && refusal is null)
        {
            _logger.JobDelivered(job.Id, job.Kind, Name, attempt);
            return await RecordAsync(job, job with { Status = OutboxMessageStatus.Delivered, Attempts = attempt, LastError = null }, notice: null, cancellationToken).ConfigureAwait(false);
        }

        if (refusal is not null)
        {
            // It can never succeed (no address, no permission): retrying would only delay telling the requester.
            return await FailAsync(job, attempt, refusal, cancellationToken).ConfigureAwait(false);
        }

        if (attempt >= _options.MaxDeliveryAttempts)
        {
            return await FailAsync(job, attempt, error!, cancellationToken).ConfigureAwait(false);
        }

        var dueAt = _clock.GetCurrentInstant() + RetryDelay(_options, attempt);
        _logger.JobRetrying(job.Id, job.Kind, attempt, _options.MaxDeliveryAttempts, dueAt, error!);
        return await RecordAsync(job, job with { Attempts = attempt, LastError = error, DueAt = dueAt }, notice: null, cancellationToken).ConfigureAwait(false);
    }

    private ValueTask<OutboxMessage> FailAsync(OutboxMessage job, int attempt, string error, CancellationToken cancellationToken)
    {
        var notice = TranscriptJobHandler.FailureNoticeFor(job, attempt, error, _clock.GetCurrentInstant());
        if (notice is not null)
        {
            _logger.JobFailed(job.Id, job.Kind, attempt, error);
        }
        else
        {
            _logger.JobFailedUnnoticed(job.Id, job.Kind, attempt, error);
        }

        return RecordAsync(job, job with { Status = OutboxMessageStatus.Failed, Attempts = attempt, LastError = error }, notice, cancellationToken);
    }

    /// <summary>
    /// Records an outcome (and, for a failure, first the notice to the requester: if the process stops in between, the job
    /// is leased again, fails again, and finds its notice already there). A store failure is retried on its own, with
    /// backoff, up to <see cref="TranscriptOptions.MaxRecordAttempts"/> times; it never makes the worker deliver again.
    /// </summary>
    private async ValueTask<OutboxMessage> RecordAsync(OutboxMessage leased, OutboxMessage outcome, OutboxMessage? notice, CancellationToken cancellationToken)
    {
        var delivered = outcome.Status == OutboxMessageStatus.Delivered;
        var delay = _options.InitialRecordRetryDelay.ToTimeSpan();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                if (notice is not null)
                {
                    await EnqueueNoticeAsync(notice, cancellationToken).ConfigureAwait(false);
                    notice = null;
                }

                var stored = await SaveOutcomeAsync(leased, outcome, cancellationToken).ConfigureAwait(false);
                _deliveredUnrecorded.TryRemove(leased.Id, out _);
                return stored;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                Remember(leased, delivered);
                throw;
            }
#pragma warning disable CA1031 // The store is failing: retry the record, never the delivery.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                if (attempt >= _options.MaxRecordAttempts)
                {
                    Remember(leased, delivered);
                    _logger.RecordGaveUp(exception, leased.Id, leased.Kind, outcome.Status, attempt);
                    throw;
                }

                _logger.RecordRetrying(exception, leased.Id, leased.Kind, outcome.Status, attempt, _options.MaxRecordAttempts, delay);
            }

            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            delay += delay;
        }
    }

    /// <summary>Saves the outcome; after a lost acknowledgement the outcome may already be stored, which counts as recorded.</summary>
    private async ValueTask<OutboxMessage> SaveOutcomeAsync(OutboxMessage leased, OutboxMessage outcome, CancellationToken cancellationToken)
    {
        try
        {
            return await _outbox.SaveAsync(outcome, cancellationToken).ConfigureAwait(false);
        }
        catch (ConcurrencyConflictException)
        {
            var jobs = await _outbox.ListByConversationAsync(leased.ConversationId, cancellationToken).ConfigureAwait(false);
            var stored = jobs.FirstOrDefault(j => string.Equals(j.Id, leased.Id, StringComparison.Ordinal));
            if (stored is not null && stored.Version == leased.Version + 1 && stored.Status == outcome.Status && stored.Attempts == outcome.Attempts
                && stored.LeaseOwner is null && stored.DueAt == outcome.DueAt)
            {
                return stored; // Our own write, stored just before the connection dropped.
            }

            _logger.LeaseLost(Name, leased.Id);
            return outcome;
        }
    }

    private async ValueTask EnqueueNoticeAsync(OutboxMessage notice, CancellationToken cancellationToken)
    {
        try
        {
            await _outbox.EnqueueAsync(notice, cancellationToken).ConfigureAwait(false);
        }
        catch (ConcurrencyConflictException)
        {
            // Recorded by an earlier attempt.
        }
    }

    private void Remember(OutboxMessage job, bool delivered)
    {
        if (delivered && _deliveredUnrecorded.Count < MaxRemembered)
        {
            _deliveredUnrecorded.TryAdd(job.Id, 0);
        }
    }

    /// <summary>
    /// Gives up the lease of a job whose delivery was interrupted (the host is stopping), storing it unchanged so any worker
    /// may take it again at once instead of when the lease expires. The attempt is not counted.
    /// </summary>
    private async ValueTask ReleaseAsync(OutboxMessage job)
    {
        using var timeout = new CancellationTokenSource(ReleaseTimeout);
        try
        {
            await _outbox.SaveAsync(job, timeout.Token).ConfigureAwait(false);
            _logger.LeaseReleased(Name, job.Id);
        }
#pragma warning disable CA1031 // The lease then simply expires; the job is taken again afterwards.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            _logger.LeaseNotReleased(exception, Name, job.Id);
        }
    }
}
