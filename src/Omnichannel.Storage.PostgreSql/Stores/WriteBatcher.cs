namespace Omnichannel.Storage.PostgreSql.Stores;

/// <summary>
/// Group commit in the client: up to a few sends are in flight at once (so the server works on several connections);
/// writes that arrive while all of them are in flight wait, and go together in the next round trip (one transaction,
/// one commit) when one completes. A write that finds a send slot free is sent at once, alone, so a single writer sees
/// no change. The task that finishes a send hands the waiting writes to the next send (the first of them leads it) and
/// returns: nobody sends on behalf of others for longer than one batch.
/// </summary>
/// <remarks>
/// <para>Thread-safe: one lock guards the waiting list and how many sends are in flight.</para>
/// <para>
/// Outcomes: each write gets its own result. When the batch fails in a way that leaves nothing of it written
/// (<c>nothingWritten</c> says which exceptions: for PostgreSQL, an error of severity ERROR, which rolled the implicit
/// transaction back), every write of it is sent again alone by its own caller, so each gets exactly the result or
/// exception it would have got alone. Any other failure (the connection broke: the outcome is unknown) is every
/// write's exception, as it would be for a lone write. A write whose caller cancels while it waits is dropped and the
/// caller gets <see cref="OperationCanceledException"/>; once in a batch it is sent whatever its caller does, so one
/// caller's cancellation never cancels the others' writes.
/// </para>
/// </remarks>
internal sealed class WriteBatcher<TWrite, TResult>
{
    private readonly Lock _gate = new();
    private readonly List<Waiter> _waiting = [];
    private readonly int _maxBatch;
    private readonly int _maxInFlight;
    private readonly Func<TWrite, CancellationToken, Task<TResult>> _sendAlone;
    private readonly Func<IReadOnlyList<TWrite>, Task<TResult[]>> _sendTogether;
    private readonly Func<Exception, bool> _nothingWritten;
    private int _inFlight;
    private long _batches;
    private long _batchedWrites;

    /// <param name="maxBatch">The most writes sent together; 1 sends every write alone, at once.</param>
    /// <param name="maxInFlight">The most sends in flight at once; a write waits only when all of them are.</param>
    /// <param name="sendAlone">Sends one write in its own transaction, translating its failures as the caller expects.</param>
    /// <param name="sendTogether">Sends several writes in one transaction; answers their results in the list's order.</param>
    /// <param name="nothingWritten">Whether a failure of <paramref name="sendTogether"/> certainly wrote none of the writes.</param>
    public WriteBatcher(int maxBatch, int maxInFlight, Func<TWrite, CancellationToken, Task<TResult>> sendAlone, Func<IReadOnlyList<TWrite>, Task<TResult[]>> sendTogether, Func<Exception, bool> nothingWritten)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatch, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxInFlight, 1);
        _maxBatch = maxBatch;
        _maxInFlight = maxInFlight;
        _sendAlone = sendAlone;
        _sendTogether = sendTogether;
        _nothingWritten = nothingWritten;
    }

    /// <summary>How many sends carried more than one write (for tests and diagnostics).</summary>
    public long Batches => Interlocked.Read(ref _batches);

    /// <summary>How many writes went in those sends.</summary>
    public long BatchedWrites => Interlocked.Read(ref _batchedWrites);

    /// <summary>How many writes wait for the send in flight (for tests).</summary>
    public int Waiting
    {
        get
        {
            lock (_gate)
            {
                return _waiting.Count;
            }
        }
    }

    /// <summary>Sends <paramref name="write"/>, alone or with others, and answers its own result.</summary>
    /// <param name="write">The write.</param>
    /// <param name="cancellationToken">Cancels the write while it waits, or while it is sent alone.</param>
    public async Task<TResult> WriteAsync(TWrite write, CancellationToken cancellationToken)
    {
        if (_maxBatch == 1)
        {
            return await _sendAlone(write, cancellationToken).ConfigureAwait(false);
        }

        Waiter? waiter = null;
        lock (_gate)
        {
            if (_inFlight == _maxInFlight)
            {
                waiter = new Waiter(write);
                _waiting.Add(waiter);
            }
            else
            {
                _inFlight++;
            }
        }

        if (waiter is null)
        {
            try
            {
                return await _sendAlone(write, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                HandOff();
            }
        }

        Turn turn;
        using (cancellationToken.CanBeCanceled ? cancellationToken.Register(static state => ((Cancellation)state!).Run(), new Cancellation(this, waiter, cancellationToken)) : default)
        {
            turn = await waiter.Turn.Task.ConfigureAwait(false);
        }

        return turn.Kind switch
        {
            TurnKind.Done => turn.Result!,
            TurnKind.Lead => await LeadAsync(waiter, turn.Batch!, cancellationToken).ConfigureAwait(false),
            _ => await _sendAlone(write, cancellationToken).ConfigureAwait(false), // the batch wrote nothing
        };
    }

    /// <summary>Sends the batch this waiter leads, hands the next one off, and completes the other waiters.</summary>
    private async Task<TResult> LeadAsync(Waiter leader, List<Waiter> batch, CancellationToken cancellationToken)
    {
        if (batch.Count == 1)
        {
            // Only this write: exactly the lone path.
            try
            {
                return await _sendAlone(leader.Write, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                HandOff();
            }
        }

        TResult[] results;
        try
        {
            var writes = new TWrite[batch.Count];
            for (var i = 0; i < writes.Length; i++)
            {
                writes[i] = batch[i].Write;
            }

            Interlocked.Increment(ref _batches);
            Interlocked.Add(ref _batchedWrites, batch.Count);
            results = await _sendTogether(writes).ConfigureAwait(false);
        }
        catch (Exception exception) when (_nothingWritten(exception))
        {
            HandOff();
            for (var i = 1; i < batch.Count; i++)
            {
                batch[i].Turn.TrySetResult(Turn.Retry);
            }

            return await _sendAlone(leader.Write, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            HandOff();
            for (var i = 1; i < batch.Count; i++)
            {
                batch[i].Turn.TrySetException(exception);
            }

            throw;
        }

        HandOff();
        for (var i = 1; i < batch.Count; i++)
        {
            batch[i].Turn.TrySetResult(Turn.Finished(results[i]));
        }

        return results[0];
    }

    /// <summary>
    /// Called once by whoever finishes a send: the waiting writes (up to the cap, oldest first) become the next batch,
    /// led by its first write, which takes over the send slot; or the slot is free again.
    /// </summary>
    private void HandOff()
    {
        List<Waiter> batch;
        lock (_gate)
        {
            if (_waiting.Count == 0)
            {
                _inFlight--;
                return;
            }

            var count = Math.Min(_waiting.Count, _maxBatch);
            batch = _waiting.GetRange(0, count);
            _waiting.RemoveRange(0, count);
            foreach (var waiter in batch)
            {
                waiter.Taken = true;
            }
        }

        batch[0].Turn.TrySetResult(Turn.Leading(batch));
    }

    private void Cancel(Waiter waiter, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (waiter.Taken || !_waiting.Remove(waiter))
            {
                return; // already in a batch: it is sent, and its caller gets its result
            }
        }

        waiter.Turn.TrySetCanceled(cancellationToken);
    }

    private enum TurnKind
    {
        Done,
        Lead,
        Retry,
    }

    /// <summary>What a waiting write is told: its result, to lead a batch, or to send itself alone.</summary>
    private readonly record struct Turn(TurnKind Kind, TResult? Result, List<Waiter>? Batch)
    {
        public static Turn Retry => new(TurnKind.Retry, default, null);

        public static Turn Finished(TResult result) => new(TurnKind.Done, result, null);

        public static Turn Leading(List<Waiter> batch) => new(TurnKind.Lead, default, batch);
    }

    private sealed class Waiter(TWrite write)
    {
        public TWrite Write { get; } = write;

        public TaskCompletionSource<Turn> Turn { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>In a batch (guarded by the batcher's lock): its caller's cancellation no longer drops it.</summary>
        public bool Taken { get; set; }
    }

    private sealed class Cancellation(WriteBatcher<TWrite, TResult> batcher, Waiter waiter, CancellationToken token)
    {
        public void Run() => batcher.Cancel(waiter, token);
    }
}
