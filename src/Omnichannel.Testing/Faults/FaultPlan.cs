using Omnichannel.Storage;

namespace Omnichannel.Testing.Faults;

/// <summary>
/// Which calls of a fault-injecting store fail, and how: each rule lets a number of calls of one operation pass,
/// then makes the following ones throw. Rules count calls from the moment they are added, each on its own; when
/// several rules would strike the same call, the one added first does and the others strike later calls, so every
/// rule delivers all its faults. The plan also counts every call.
/// </summary>
/// <typeparam name="TOperation">The store's operations, for example <see cref="ConversationStoreOperation"/>.</typeparam>
/// <example>
/// <code>
/// var store = new FaultInjectingConversationStore(new InMemoryConversationStore());
/// store.Faults.ThrowConcurrencyConflict(ConversationStoreOperation.Save, times: 2); // the next two saves lose a race
/// store.Faults.ThrowIOException(ConversationStoreOperation.Save, skip: 5);         // the 8th save from now fails
/// </code>
/// </example>
/// <remarks>This type is thread-safe: rules may be added while calls run; each call is counted and judged atomically.</remarks>
public sealed class FaultPlan<TOperation>
    where TOperation : struct, Enum
{
    private readonly Lock _sync = new();
    private readonly List<Rule> _rules = [];
    private readonly Dictionary<TOperation, int> _calls = [];
    private readonly Dictionary<TOperation, int> _injected = [];

    /// <summary>Makes calls of <paramref name="operation"/> throw.</summary>
    /// <param name="operation">The operation.</param>
    /// <param name="exception">Makes the exception to throw, once per failing call.</param>
    /// <param name="times">How many calls fail; <see cref="int.MaxValue"/> for all. Default: 1.</param>
    /// <param name="skip">How many calls pass before the first failure. Default: 0.</param>
    /// <param name="timing">Whether the failing call reaches the store first. Default: <see cref="FaultTiming.BeforeCall"/>.</param>
    /// <returns>This plan, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="exception"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="times"/> is less than 1 or <paramref name="skip"/> is negative.</exception>
    public FaultPlan<TOperation> Throw(TOperation operation, Func<Exception> exception, int times = 1, int skip = 0, FaultTiming timing = FaultTiming.BeforeCall)
    {
        ArgumentNullException.ThrowIfNull(exception);
        ArgumentOutOfRangeException.ThrowIfLessThan(times, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(skip);
        lock (_sync)
        {
            _rules.Add(new Rule(operation, exception, skip, times, timing));
        }

        return this;
    }

    /// <summary>
    /// Makes calls of <paramref name="operation"/> throw <see cref="ConcurrencyConflictException"/>, as if another
    /// writer had won, before the store is touched. The library's operations re-read and retry on it.
    /// </summary>
    /// <param name="operation">The operation.</param>
    /// <param name="times">How many calls fail; <see cref="int.MaxValue"/> for all. Default: 1.</param>
    /// <param name="skip">How many calls pass before the first failure. Default: 0.</param>
    /// <returns>This plan, for chaining.</returns>
    public FaultPlan<TOperation> ThrowConcurrencyConflict(TOperation operation, int times = 1, int skip = 0) =>
        Throw(operation, () => new ConcurrencyConflictException($"Injected fault: a concurrent writer won the {operation} call."), times, skip);

    /// <summary>Makes calls of <paramref name="operation"/> throw <see cref="IOException"/>, as if the store were unreachable.</summary>
    /// <param name="operation">The operation.</param>
    /// <param name="times">How many calls fail; <see cref="int.MaxValue"/> for all. Default: 1.</param>
    /// <param name="skip">How many calls pass before the first failure. Default: 0.</param>
    /// <param name="timing">Whether the failing call reaches the store first. Default: <see cref="FaultTiming.BeforeCall"/>.</param>
    /// <returns>This plan, for chaining.</returns>
    public FaultPlan<TOperation> ThrowIOException(TOperation operation, int times = 1, int skip = 0, FaultTiming timing = FaultTiming.BeforeCall) =>
        Throw(operation, () => new IOException($"Injected fault: the store could not be reached during the {operation} call."), times, skip, timing);

    /// <summary>How many calls of <paramref name="operation"/> were made, failed ones included.</summary>
    /// <param name="operation">The operation.</param>
    /// <returns>The number of calls.</returns>
    public int CallCount(TOperation operation)
    {
        lock (_sync)
        {
            return _calls.GetValueOrDefault(operation);
        }
    }

    /// <summary>How many calls of <paramref name="operation"/> were made to fail.</summary>
    /// <param name="operation">The operation.</param>
    /// <returns>The number of injected faults.</returns>
    public int InjectedCount(TOperation operation)
    {
        lock (_sync)
        {
            return _injected.GetValueOrDefault(operation);
        }
    }

    /// <summary>Removes every rule that has not finished; calls pass from now on. Counts are kept.</summary>
    public void Clear()
    {
        lock (_sync)
        {
            _rules.Clear();
        }
    }

    /// <summary>Counts a call and decides its fate: the fault to throw and when, or null to let it pass.</summary>
    internal (Exception Exception, FaultTiming Timing)? OnCall(TOperation operation)
    {
        lock (_sync)
        {
            _calls[operation] = _calls.GetValueOrDefault(operation) + 1;
            Rule? striking = null;
            foreach (var rule in _rules)
            {
                if (EqualityComparer<TOperation>.Default.Equals(rule.Operation, operation) && rule.Count(mayStrike: striking is null))
                {
                    striking = rule;
                }
            }

            _rules.RemoveAll(static r => r.Finished);
            if (striking is null)
            {
                return null;
            }

            _injected[operation] = _injected.GetValueOrDefault(operation) + 1;
            return (striking.Exception() ?? throw new InvalidOperationException($"The fault factory for {operation} returned null."), striking.Timing);
        }
    }

    /// <summary>Runs <paramref name="call"/> unless the plan makes it fail; used by the fault-injecting stores.</summary>
    internal async ValueTask<T> RunAsync<T>(TOperation operation, Func<ValueTask<T>> call)
    {
        var fault = OnCall(operation);
        if (fault is { Timing: FaultTiming.BeforeCall } before)
        {
            throw before.Exception;
        }

        var result = await call().ConfigureAwait(false);
        if (fault is { } after)
        {
            throw after.Exception;
        }

        return result;
    }

    /// <summary>One rule; mutated only under the plan's lock.</summary>
    private sealed class Rule(TOperation operation, Func<Exception> exception, int skip, int times, FaultTiming timing)
    {
        private int _toSkip = skip;
        private int _toFail = times;

        public TOperation Operation { get; } = operation;

        public Func<Exception> Exception { get; } = exception;

        public FaultTiming Timing { get; } = timing;

        public bool Finished => _toFail == 0;

        /// <summary>Counts a call of the rule's operation; true when this call must fail (only when <paramref name="mayStrike"/>).</summary>
        public bool Count(bool mayStrike)
        {
            if (_toSkip > 0)
            {
                _toSkip--;
                return false;
            }

            if (_toFail == 0 || !mayStrike)
            {
                return false;
            }

            if (_toFail != int.MaxValue)
            {
                _toFail--;
            }

            return true;
        }
    }
}
