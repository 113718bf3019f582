using Omnichannel.Transcripts.Delivery;

namespace Omnichannel.Testing.Transcripts;

/// <summary>
/// A fake <see cref="ITranscriptDirectMessageSender"/> for tests: keeps the direct messages it "sends", and can be
/// told to fail (throwing <see cref="IOException"/>) to exercise retries.
/// </summary>
/// <remarks>This type is thread-safe.</remarks>
public sealed class InMemoryTranscriptDirectMessageSender : ITranscriptDirectMessageSender
{
    private readonly Lock _sync = new();
    private readonly List<TranscriptDirectMessage> _sent = [];
    private readonly SimulatedFailures _failures = new();

    /// <summary>The direct messages sent, in order.</summary>
    public IReadOnlyList<TranscriptDirectMessage> Sent
    {
        get
        {
            lock (_sync)
            {
                return [.. _sent];
            }
        }
    }

    /// <summary>Makes the next <paramref name="count"/> sends fail.</summary>
    /// <param name="count">How many sends fail.</param>
    /// <param name="reason">The exception's message.</param>
    public void FailNext(int count, string reason = "chat unavailable") => _failures.FailNext(count, reason);

    /// <summary>Makes every send fail until <see cref="Recover"/>.</summary>
    /// <param name="reason">The exception's message.</param>
    public void FailAlways(string reason = "chat unavailable") => _failures.FailAlways(reason);

    /// <summary>Stops simulating failures.</summary>
    public void Recover() => _failures.Recover();

    /// <inheritdoc />
    public ValueTask SendAsync(TranscriptDirectMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        _failures.ThrowIfFailing();
        lock (_sync)
        {
            _sent.Add(message);
        }

        return ValueTask.CompletedTask;
    }
}
