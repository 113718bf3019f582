using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Omnichannel.Departments;
using Omnichannel.Notifications;
using Omnichannel.Operations;

namespace Omnichannel.Core.Tests.Logging;

/// <summary>
/// The library logs through the host's logging whatever the order of registration: AddOmnichannel registers no
/// ILoggerFactory of its own (a NullLoggerFactory registered first would win over a later AddLogging).
/// </summary>
public sealed class HostLoggingTests
{
    [Fact]
    public async Task A_host_that_adds_logging_after_AddOmnichannel_receives_the_library_logs()
    {
        var logs = new CapturingLoggerProvider();
        await using var services = new ServiceCollection()
            .AddSingleton<IDomainEventPublisher, FailingPublisher>()
            .AddOmnichannel()
            .AddLogging(b => b.AddProvider(logs))
            .BuildServiceProvider();

        await SaveDepartmentAsync(services);

        var failure = Assert.Single(logs.Entries);
        Assert.Equal((LogLevel.Error, 1), (failure.Level, failure.EventId));
        Assert.Equal("Omnichannel.Notifications.DomainEventDispatcher", failure.Category);
        Assert.Contains("FailingPublisher failed on DepartmentChanged", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_host_that_adds_logging_before_AddOmnichannel_receives_the_library_logs()
    {
        var logs = new CapturingLoggerProvider();
        await using var services = new ServiceCollection()
            .AddLogging(b => b.AddProvider(logs))
            .AddSingleton<IDomainEventPublisher, FailingPublisher>()
            .AddOmnichannel()
            .BuildServiceProvider();

        await SaveDepartmentAsync(services);

        Assert.Equal(1, Assert.Single(logs.Entries).EventId);
    }

    [Fact]
    public async Task Without_host_logging_the_library_registers_no_logger_factory_and_still_works()
    {
        var collection = new ServiceCollection()
            .AddSingleton<IDomainEventPublisher, FailingPublisher>()
            .AddOmnichannel();
        await using var services = collection.BuildServiceProvider();

        await SaveDepartmentAsync(services);

        Assert.DoesNotContain(collection, d => d.ServiceType == typeof(ILoggerFactory));
        Assert.Null(services.GetService<ILoggerFactory>());
    }

    private static async Task SaveDepartmentAsync(IServiceProvider services) =>
        (await services.GetRequiredService<IDepartmentService>().SaveAsync(new Department { Id = new DepartmentId("support"), Name = "Support" })).GetValueOrThrow();

    private sealed class FailingPublisher : IDomainEventPublisher
    {
        public ValueTask PublishAsync(DomainEvent domainEvent, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("The screen push service is down.");
    }

    private sealed record LogEntry(string Category, LogLevel Level, int EventId, string Message);

    private sealed class CapturingLoggerProvider : ILoggerProvider
    {
        public ConcurrentQueue<LogEntry> Entries { get; } = new();

        public ILogger CreateLogger(string categoryName) => new CapturingLogger(categoryName, Entries);

        public void Dispose()
        {
        }

        private sealed class CapturingLogger(string category, ConcurrentQueue<LogEntry> entries) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                entries.Enqueue(new LogEntry(category, logLevel, eventId.Id, formatter(state, exception)));
        }
    }
}
