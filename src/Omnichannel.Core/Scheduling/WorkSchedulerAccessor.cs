namespace Omnichannel.Scheduling;

/// <summary>
/// The scheduler Core's timed rules use: the last <see cref="IWorkScheduler"/> registered (routing registers its own after
/// Core's), else Core's real-time <see cref="SystemScheduler"/>, created only when first needed (and disposed with the container).
/// </summary>
/// <remarks>Thread-safe.</remarks>
internal sealed class WorkSchedulerAccessor(IEnumerable<IWorkScheduler> registered, Func<SystemScheduler> fallback) : IDisposable
{
    private readonly IWorkScheduler? _registered = registered.LastOrDefault();
    private readonly Lazy<SystemScheduler> _fallback = new(fallback, LazyThreadSafetyMode.ExecutionAndPublication);

    public IWorkScheduler Scheduler => _registered ?? _fallback.Value;

    public void Dispose()
    {
        if (_fallback.IsValueCreated)
        {
            _fallback.Value.Dispose();
        }
    }
}
