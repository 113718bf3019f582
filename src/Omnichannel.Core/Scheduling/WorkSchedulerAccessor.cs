namespace Omnichannel.Scheduling;

/// <summary>
/// The scheduler Core's timed rules use: the last <see cref="IWorkScheduler"/> registered (routing registers its own after
/// Core's), else Core's timers, created only when first needed.
/// </summary>
/// <remarks>Thread-safe.</remarks>
internal sealed class WorkSchedulerAccessor(IEnumerable<IWorkScheduler> registered, Func<TimerWorkScheduler> fallback) : IDisposable
{
    private readonly IWorkScheduler? _registered = registered.LastOrDefault();
    private readonly Lazy<TimerWorkScheduler> _fallback = new(fallback, LazyThreadSafetyMode.ExecutionAndPublication);

    public IWorkScheduler Scheduler => _registered ?? _fallback.Value;

    public void Dispose()
    {
        if (_fallback.IsValueCreated)
        {
            _fallback.Value.Dispose();
        }
    }
}
