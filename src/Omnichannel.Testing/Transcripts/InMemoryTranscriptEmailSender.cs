using Omnichannel.Transcripts.Delivery;

namespace Omnichannel.Testing.Transcripts;

/// <summary>
/// A fake <see cref="ITranscriptEmailSender"/> for tests: keeps the emails it "sends", and can be told to fail
/// (throwing <see cref="IOException"/>, as a mail server that cannot be reached) to exercise retries.
/// </summary>
/// <remarks>This type is thread-safe.</remarks>
public sealed class InMemoryTranscriptEmailSender : ITranscriptEmailSender
{
    private readonly Lock _sync = new();
    private readonly List<TranscriptEmail> _sent = [];
    private readonly SimulatedFailures _failures = new();
    private int _attempts;

    /// <summary>The emails sent, in order.</summary>
    public IReadOnlyList<TranscriptEmail> Sent
    {
        get
        {
            lock (_sync)
            {
                return [.. _sent];
            }
        }
    }

    /// <summary>How many times <see cref="SendAsync"/> was called, failures included.</summary>
    public int Attempts => Volatile.Read(ref _attempts);

    /// <summary>Called at the start of every send (for example to hold a send while a test races another worker); optional.</summary>
    public Func<TranscriptEmail, CancellationToken, ValueTask>? OnSending { get; set; }

    /// <summary>Makes the next <paramref name="count"/> sends fail.</summary>
    /// <param name="count">How many sends fail.</param>
    /// <param name="reason">The exception's message.</param>
    public void FailNext(int count, string reason = "mail server unavailable") => _failures.FailNext(count, reason);

    /// <summary>Makes every send fail until <see cref="Recover"/>.</summary>
    /// <param name="reason">The exception's message.</param>
    public void FailAlways(string reason = "mail server unavailable") => _failures.FailAlways(reason);

    /// <summary>Stops simulating failures.</summary>
    public void Recover() => _failures.Recover();

    /// <inheritdoc />
    public async ValueTask SendAsync(TranscriptEmail email, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(email);
        Interlocked.Increment(ref _attempts);
        if (OnSending is { } hook)
        {
            await hook(email, cancellationToken).ConfigureAwait(false);
        }

        _failures.ThrowIfFailing();
        lock (_sync)
        {
            _sent.Add(email);
        }
    }
}
