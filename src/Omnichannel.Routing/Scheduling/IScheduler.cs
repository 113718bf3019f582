using NodaTime;

namespace Omnichannel.Routing.Scheduling;

/// <summary>
/// Runs work at a given time: routing's timeouts (overflow, unanswered, offers, queue limits) go through it.
/// The default runs on real time; <c>Omnichannel.Testing.Scheduling.VirtualScheduler</c> runs when tests or simulations advance it.
/// </summary>
/// <remarks>Implementations must be thread-safe.</remarks>
public interface IScheduler
{
    /// <summary>Runs <paramref name="work"/> once, at or soon after <paramref name="dueAt"/>.</summary>
    /// <param name="dueAt">When to run it; a time in the past runs it as soon as possible.</param>
    /// <param name="work">The work; exceptions it throws are logged by the caller's wrapper, never lost silently.</param>
    /// <returns>A handle that cancels the work if it has not started.</returns>
    IDisposable Schedule(Instant dueAt, Func<CancellationToken, ValueTask> work);

    /// <summary>
    /// True when time moves only when a test or simulation advances it (a virtual scheduler): the router then runs
    /// its dispatcher as work scheduled here, deterministically and without threads. False (the default) on real time.
    /// </summary>
    bool IsVirtualTime => false;
}
