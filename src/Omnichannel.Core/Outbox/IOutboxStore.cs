using NodaTime;
using Omnichannel.Storage;

namespace Omnichannel.Outbox;

/// <summary>
/// The outbox: delivery jobs recorded with the changes that ask for them, leased by one worker at a time,
/// retried until delivered or failed. It survives a restart whenever the store does.
/// </summary>
/// <remarks>
/// Implementations must be thread-safe and atomic across processes: two workers never hold a lease on the same
/// message at once. A SQL adapter leases with <c>UPDATE ... WHERE id = (SELECT ... FOR UPDATE SKIP LOCKED)</c>.
/// </remarks>
public interface IOutboxStore
{
    /// <summary>Records a job on its own (for example a PDF requested for an already closed conversation).</summary>
    /// <param name="message">The job, at version 0, pending.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The stored job.</returns>
    /// <exception cref="ConcurrencyConflictException">A job with the same id exists.</exception>
    ValueTask<OutboxMessage> EnqueueAsync(OutboxMessage message, CancellationToken cancellationToken);

    /// <summary>
    /// Leases the pending job due first (<see cref="OutboxMessage.DueAt"/> at or before <paramref name="now"/>, not
    /// leased or with an expired lease), optionally of one kind.
    /// </summary>
    /// <param name="worker">The worker's name, recorded as the lease owner.</param>
    /// <param name="now">The current time.</param>
    /// <param name="leaseDuration">How long the lease lasts.</param>
    /// <param name="kind">Only jobs of this kind; null for any.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The leased job (its version moved on), or null when none is due.</returns>
    ValueTask<OutboxMessage?> TryLeaseAsync(string worker, Instant now, Duration leaseDuration, string? kind, CancellationToken cancellationToken);

    /// <summary>Updates a leased job (delivered, rescheduled with an error, or failed), releasing the lease.</summary>
    /// <param name="message">The job as leased, with the new status, due time, attempts and error.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The stored job.</returns>
    /// <exception cref="ConcurrencyConflictException">The lease was lost: another worker leased it since.</exception>
    ValueTask<OutboxMessage> SaveAsync(OutboxMessage message, CancellationToken cancellationToken);

    /// <summary>Lists the jobs of a conversation, oldest first.</summary>
    /// <param name="conversation">The conversation.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>Its jobs, whatever their status.</returns>
    ValueTask<IReadOnlyList<OutboxMessage>> ListByConversationAsync(ConversationId conversation, CancellationToken cancellationToken);
}
