using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NodaTime;
using Omnichannel.Agents;
using Omnichannel.Conversations;
using Omnichannel.Routing.Algorithms;
using Omnichannel.Routing.Tests.Support;

namespace Omnichannel.Routing.Tests.Regressions;

/// <summary>
/// A host callback of <see cref="RoutingOptions"/> that throws must not strand the conversation in the queue: it used to be
/// logged by the dispatcher's guard and the conversation never entered the router's queue, at every reconciliation again.
/// </summary>
public sealed class ThrowingHostCallbackTests
{
    [Fact]
    public async Task A_throwing_RequiredSkills_routes_the_conversation_as_needing_no_skills_and_logs_its_id()
    {
        var logs = new CapturingLoggerFactory();
        await using var h = RoutingHarness.Create(
            r => r.UseSkills(o => o.RelaxationSteps = 0).Configure(o =>
                o.RequiredSkills = c => c.ContactId.Value == "broken" ? throw new InvalidOperationException("skills service down") : [new SkillRequirement("spanish", 1)]),
            services: s => s.AddSingleton<ILoggerFactory>(logs));
        await h.DepartmentAsync("d");
        var plain = await h.AgentAsync("a", "d");

        var broken = await h.ArriveAsync("broken", "d");
        var needsSpanish = await h.ArriveAsync("needs-spanish", "d");

        Assert.Equal(plain, await h.ServingAsync(broken));
        Assert.Equal(ConversationState.Queued, await h.StateAsync(needsSpanish)); // the rule still holds for the others
        var logged = Assert.Single(logs.Entries, e => e.EventId == 1751);
        Assert.Equal(LogLevel.Error, logged.Level);
        Assert.Contains(broken.Value, logged.Message, StringComparison.Ordinal);
        Assert.IsType<InvalidOperationException>(logged.Exception);
    }

    [Fact]
    public async Task A_throwing_ServiceLevelDueAt_still_routes_the_conversation()
    {
        var logs = new CapturingLoggerFactory();
        await using var h = RoutingHarness.Create(
            r => r.UseLoadBalancing().Configure(o => o.ServiceLevelDueAt = _ => throw new InvalidOperationException("sla service down")),
            services: s => s.AddSingleton<ILoggerFactory>(logs));
        await h.DepartmentAsync("d");
        var a = await h.AgentAsync("a", "d");

        var id = await h.ArriveAsync("k", "d");

        Assert.Equal(a, await h.ServingAsync(id));
        Assert.Contains(logs.Entries, e => e.EventId == 1752 && e.Message.Contains(id.Value, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_conversation_queued_while_RequiredSkills_throws_is_assigned_once_an_agent_comes_online()
    {
        await using var h = RoutingHarness.Create(r => r.UseSkills().Configure(o => o.RequiredSkills = _ => throw new InvalidOperationException("always")));
        await h.DepartmentAsync("d");
        var a = await h.AgentAsync("a", "d", status: AgentStatus.Offline);
        var id = await h.ArriveAsync("k", "d");
        Assert.Equal(ConversationState.Queued, await h.StateAsync(id));

        await h.SetStatusAsync(a, AgentStatus.Available);
        await h.Time.AdvanceByAsync(Duration.FromSeconds(1));

        Assert.Equal(a, await h.ServingAsync(id));
    }

    private sealed record LogEntry(LogLevel Level, int EventId, string Message, Exception? Exception);

    private sealed class CapturingLoggerFactory : ILoggerFactory
    {
        public ConcurrentQueue<LogEntry> Entries { get; } = new();

        public ILogger CreateLogger(string categoryName) => new CapturingLogger(Entries);

        public void AddProvider(ILoggerProvider provider)
        {
        }

        public void Dispose()
        {
        }

        private sealed class CapturingLogger(ConcurrentQueue<LogEntry> entries) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                entries.Enqueue(new LogEntry(logLevel, eventId.Id, formatter(state, exception), exception));
        }
    }
}
