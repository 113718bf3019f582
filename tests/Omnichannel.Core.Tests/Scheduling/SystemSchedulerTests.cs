using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using NodaTime;
using Omnichannel.Scheduling;

namespace Omnichannel.Core.Tests.Scheduling;

/// <summary>The real-time scheduler runs work once when due, not when cancelled, and logs work that fails.</summary>
public class SystemSchedulerTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Work_due_now_runs_once()
    {
        var scheduler = new SystemScheduler(SystemClock.Instance);
        var ran = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var runs = 0;

        using var handle = scheduler.Schedule(SystemClock.Instance.GetCurrentInstant(), _ =>
        {
            ran.TrySetResult(Interlocked.Increment(ref runs));
            return ValueTask.CompletedTask;
        });

        Assert.Equal(1, await ran.Task.WaitAsync(Patience));
    }

    [Fact]
    public async Task Cancelled_work_never_runs()
    {
        var scheduler = new SystemScheduler(SystemClock.Instance);
        var ran = false;
        var handle = scheduler.Schedule(SystemClock.Instance.GetCurrentInstant() + Duration.FromMilliseconds(200), _ =>
        {
            ran = true;
            return ValueTask.CompletedTask;
        });

        handle.Dispose();
        var later = new TaskCompletionSource();
        using var witness = scheduler.Schedule(SystemClock.Instance.GetCurrentInstant() + Duration.FromMilliseconds(400), _ =>
        {
            later.TrySetResult();
            return ValueTask.CompletedTask;
        });
        await later.Task.WaitAsync(Patience);

        Assert.False(ran);
    }

    [Fact]
    public async Task Work_that_throws_is_logged()
    {
        var logger = new CapturingLogger();
        var scheduler = new SystemScheduler(SystemClock.Instance, logger);

        using var handle = scheduler.Schedule(SystemClock.Instance.GetCurrentInstant(), _ => throw new InvalidOperationException("store is down"));

        var logged = await logger.Logged.Task.WaitAsync(Patience);
        Assert.Equal(LogLevel.Error, logged.Level);
        Assert.Equal("store is down", logged.Exception?.Message);
    }

    private sealed class CapturingLogger : ILogger<SystemScheduler>
    {
        public TaskCompletionSource<(LogLevel Level, Exception? Exception)> Logged { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Logged.TrySetResult((logLevel, exception));
    }
}

/// <summary>Long waits and ownership, on a fake time provider: any due time works, and disposal cancels everything.</summary>
public class SystemSchedulerTimeTests
{
    /// <summary>A NodaTime clock that reads the fake time provider, as the system clock reads the system's.</summary>
    private sealed class ProviderClock(TimeProvider time) : IClock
    {
        public Instant GetCurrentInstant() => Instant.FromDateTimeOffset(time.GetUtcNow());
    }

    /// <summary>A scheduler on a fake time provider, and a clock that tells its time.</summary>
    private static (SystemScheduler Scheduler, FakeTimeProvider Time, IClock Clock) Create()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 9, 0, 0, TimeSpan.Zero));
        var clock = new ProviderClock(time);
        return (new SystemScheduler(clock, time, null), time, clock);
    }

    [Fact]
    public void A_wait_of_60_days_beyond_the_timer_limit_is_chained_and_runs_once_when_due()
    {
        var (scheduler, time, clock) = Create();
        using var owned = scheduler;
        var runs = 0;

        scheduler.Schedule(clock.GetCurrentInstant() + Duration.FromDays(60), _ =>
        {
            Interlocked.Increment(ref runs);
            return ValueTask.CompletedTask;
        });
        time.Advance(TimeSpan.FromDays(49.7)); // the platform limit passes: the wait is chained, nothing runs
        time.Advance(TimeSpan.FromDays(10.2));
        Assert.Equal(0, runs);
        time.Advance(TimeSpan.FromDays(0.1));

        Assert.Equal(1, runs);
        Assert.Equal(0, scheduler.PendingCount);
    }

    [Fact]
    public void Disposing_the_scheduler_cancels_every_pending_timer_and_nothing_scheduled_afterwards_runs()
    {
        var (scheduler, time, clock) = Create();
        var runs = 0;
        ValueTask Count(CancellationToken _)
        {
            Interlocked.Increment(ref runs);
            return ValueTask.CompletedTask;
        }

        scheduler.Schedule(clock.GetCurrentInstant() + Duration.FromMinutes(1), Count);
        scheduler.Schedule(clock.GetCurrentInstant() + Duration.FromDays(90), Count);
        Assert.Equal(2, scheduler.PendingCount);

        scheduler.Dispose();
        scheduler.Schedule(clock.GetCurrentInstant() + Duration.FromMinutes(1), Count);
        time.Advance(TimeSpan.FromDays(100));

        Assert.Equal(0, runs);
        Assert.Equal(0, scheduler.PendingCount);
    }

    [Fact]
    public void Work_running_when_the_scheduler_is_disposed_sees_its_token_cancelled()
    {
        var (scheduler, time, clock) = Create();
        var seen = CancellationToken.None;
        var release = new TaskCompletionSource();
        scheduler.Schedule(clock.GetCurrentInstant() + Duration.FromMinutes(1), async token =>
        {
            seen = token;
            await release.Task.ConfigureAwait(false);
        });
        time.Advance(TimeSpan.FromMinutes(1));
        Assert.True(seen.CanBeCanceled);
        Assert.False(seen.IsCancellationRequested);

        scheduler.Dispose();

        Assert.True(seen.IsCancellationRequested);
        release.SetResult();
    }

    [Fact]
    public void A_handle_disposed_before_the_due_time_cancels_only_its_own_work()
    {
        var (scheduler, time, clock) = Create();
        using var owned = scheduler;
        var ran = new List<string>();
        var cancelled = scheduler.Schedule(clock.GetCurrentInstant() + Duration.FromDays(55), _ =>
        {
            ran.Add("cancelled");
            return ValueTask.CompletedTask;
        });
        scheduler.Schedule(clock.GetCurrentInstant() + Duration.FromDays(55), _ =>
        {
            ran.Add("kept");
            return ValueTask.CompletedTask;
        });

        time.Advance(TimeSpan.FromDays(50)); // past the first timer's limit: both waits are chained
        cancelled.Dispose();
        time.Advance(TimeSpan.FromDays(5));

        Assert.Equal(["kept"], ran);
        Assert.Equal(0, scheduler.PendingCount);
    }
}

/// <summary>Without routing, Core's timed rules run on this scheduler, and the container owns it.</summary>
public class CoreSchedulerOwnershipTests
{
    [Fact]
    public async Task Disposing_the_container_cancels_the_timers_of_Core_when_routing_is_absent()
    {
        var provider = new ServiceCollection().AddOmnichannel().BuildServiceProvider();
        var accessor = provider.GetRequiredService<WorkSchedulerAccessor>();
        var scheduler = Assert.IsType<SystemScheduler>(accessor.Scheduler);
        scheduler.Schedule(SystemClock.Instance.GetCurrentInstant() + Duration.FromDays(90), _ => ValueTask.CompletedTask);
        Assert.Equal(1, scheduler.PendingCount);

        await provider.DisposeAsync();

        Assert.Equal(0, scheduler.PendingCount);
        scheduler.Schedule(SystemClock.Instance.GetCurrentInstant(), _ => ValueTask.CompletedTask);
        Assert.Equal(0, scheduler.PendingCount); // refused after disposal: nothing can fire
    }
}
