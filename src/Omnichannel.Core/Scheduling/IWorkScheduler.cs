using NodaTime;

namespace Omnichannel.Scheduling;

/// <summary>
/// The scheduling port: runs work at a given time. Core's timed rules go through it (the typing indicator's "stopped
/// typing", closing abandoned and long on-hold conversations). Routing's scheduler (<c>Omnichannel.Routing.Scheduling.IScheduler</c>,
/// real time or the virtual scheduler of tests and simulations) is one, and <c>AddOmnichannelRouting</c> makes it Core's too;
/// without routing, Core uses real-time timers. Register your own before <c>AddOmnichannel</c> to replace it.
/// </summary>
/// <remarks>Implementations must be thread-safe.</remarks>
public interface IWorkScheduler
{
    /// <summary>Runs <paramref name="work"/> once, at or soon after <paramref name="dueAt"/>.</summary>
    /// <param name="dueAt">When to run it; a time in the past runs it as soon as possible.</param>
    /// <param name="work">The work; exceptions it throws are logged, never lost silently.</param>
    /// <returns>A handle that cancels the work if it has not started.</returns>
    IDisposable Schedule(Instant dueAt, Func<CancellationToken, ValueTask> work);
}
