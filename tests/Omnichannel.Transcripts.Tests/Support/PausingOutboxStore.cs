using NodaTime;
using Omnichannel.Outbox;
using Omnichannel.Storage;

namespace Omnichannel.Transcripts.Tests.Support;

/// <summary>
/// An outbox that can hold one <see cref="ListByConversationAsync"/> call until released, to force an interleaving:
/// an operation that has read the conversation and its jobs waits while another operation runs.
/// </summary>
public sealed class PausingOutboxStore(IOutboxStore inner) : IOutboxStore
{
    private TaskCompletionSource? _paused;
    private TaskCompletionSource? _release;

    /// <summary>Completes when the held call has arrived.</summary>
    public Task Paused => _paused?.Task ?? Task.CompletedTask;

    /// <summary>Holds the next list call until <see cref="Resume"/>.</summary>
    public void PauseNextList()
    {
        _paused = new(TaskCreationOptions.RunContinuationsAsynchronously);
        _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    public void Resume() => _release?.TrySetResult();

    public async ValueTask<IReadOnlyList<OutboxMessage>> ListByConversationAsync(ConversationId conversation, CancellationToken cancellationToken)
    {
        var jobs = await inner.ListByConversationAsync(conversation, cancellationToken);
        if (Interlocked.Exchange(ref _paused, null) is { } paused)
        {
            paused.SetResult();
            await _release!.Task;
        }

        return jobs;
    }

    public ValueTask<OutboxMessage> EnqueueAsync(OutboxMessage message, CancellationToken cancellationToken) => inner.EnqueueAsync(message, cancellationToken);

    public ValueTask<OutboxMessage?> TryLeaseAsync(string worker, Instant now, Duration leaseDuration, string? kind, CancellationToken cancellationToken) =>
        inner.TryLeaseAsync(worker, now, leaseDuration, kind, cancellationToken);

    public ValueTask<OutboxMessage> SaveAsync(OutboxMessage message, CancellationToken cancellationToken) => inner.SaveAsync(message, cancellationToken);
}
