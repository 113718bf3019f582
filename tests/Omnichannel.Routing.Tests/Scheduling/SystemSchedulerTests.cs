using Microsoft.Extensions.Logging;
using NodaTime;
using Omnichannel.Routing.Scheduling;

namespace Omnichannel.Routing.Tests.Scheduling;

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
