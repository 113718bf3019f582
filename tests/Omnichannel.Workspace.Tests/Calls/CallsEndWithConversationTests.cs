using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NodaTime;
using Omnichannel.Conversations;
using Omnichannel.Core.Tests.TestSupport;
using Omnichannel.Operations;
using Omnichannel.Workspace.Calls;

using static Omnichannel.Workspace.Tests.WorkspaceHarness;

namespace Omnichannel.Workspace.Tests.Calls;

/// <summary>
/// A conversation that closes ends its active call, in the call app and in the call store, whoever closes it; ending is
/// idempotent and never fails the close (a failing call app is logged); a call left active by a lost close event is ended
/// the next time it is read.
/// </summary>
public sealed class CallsEndWithConversationTests
{
    [Fact]
    public async Task Closing_a_conversation_ends_its_active_call_in_the_call_app_and_the_call_store()
    {
        var app = new FakeCallProvider();
        using var desk = await CreateAsync(app);
        var conversation = await desk.TakenAsync(Alice, Dave);
        var call = (await desk.Calls.StartCallAsync(conversation.Id, Alice)).Ok();
        desk.Clock.Advance(Duration.FromMinutes(3));

        (await desk.Conversations.CloseAsync(conversation.Id, Actor.Agent(Alice))).Ok();

        Assert.Equal([call.CallId], app.Ended);
        var stored = await desk.CallStore.GetAsync(conversation.Id, CancellationToken.None);
        Assert.Equal((false, Start + Duration.FromMinutes(3)), (stored!.IsActive, stored.EndedAt!.Value));
        (await desk.Calls.GetActiveCallAsync(conversation.Id, Alice)).Refused(OperationErrorCode.NotFound, "No call is in progress");
    }

    [Fact]
    public async Task A_close_by_the_contact_or_the_system_ends_the_call_too()
    {
        var app = new FakeCallProvider();
        using var desk = await CreateAsync(app);
        var byContact = await desk.TakenAsync(Alice, Dave);
        var bySystem = await desk.TakenAsync(Alice, Erin);
        var first = (await desk.Calls.StartCallAsync(byContact.Id, Alice)).Ok();
        var second = (await desk.Calls.StartCallAsync(bySystem.Id, Alice)).Ok();

        (await desk.Conversations.CloseAsync(byContact.Id, Actor.Contact(Dave))).Ok();
        (await desk.Conversations.CloseAsync(bySystem.Id, Actor.System)).Ok();

        Assert.Equal([first.CallId, second.CallId], app.Ended);
        Assert.False((await desk.CallStore.GetAsync(byContact.Id, CancellationToken.None))!.IsActive);
        Assert.False((await desk.CallStore.GetAsync(bySystem.Id, CancellationToken.None))!.IsActive);
    }

    [Fact]
    public async Task Closing_ends_only_an_active_call_and_only_once()
    {
        var app = new FakeCallProvider();
        using var desk = await CreateAsync(app);
        var hungUp = await desk.TakenAsync(Alice, Dave);
        var neverCalled = await desk.TakenAsync(Alice, Erin);
        var call = (await desk.Calls.StartCallAsync(hungUp.Id, Alice)).Ok();
        var ended = (await desk.Calls.CallEndedAsync(hungUp.Id, call.CallId)).Ok();

        (await desk.Conversations.CloseAsync(hungUp.Id, Actor.Agent(Alice))).Ok();
        (await desk.Conversations.CloseAsync(neverCalled.Id, Actor.Agent(Alice))).Ok();

        Assert.Empty(app.Ended);
        Assert.Equal(ended, await desk.CallStore.GetAsync(hungUp.Id, CancellationToken.None));
        Assert.Null(await desk.CallStore.GetAsync(neverCalled.Id, CancellationToken.None));
    }

    [Fact]
    public async Task A_call_app_failing_to_end_the_call_does_not_fail_the_close_and_is_logged()
    {
        var app = new FakeCallProvider();
        var logs = new CapturingLoggerProvider();
        using var desk = await CreateAsync(app, services => services.AddLogging(b => b.AddProvider(logs)));
        var conversation = await desk.TakenAsync(Alice, Dave);
        var call = (await desk.Calls.StartCallAsync(conversation.Id, Alice)).Ok();
        app.EndFailure = new HttpRequestException("call app unreachable");

        var closed = (await desk.Conversations.CloseAsync(conversation.Id, Actor.Agent(Alice))).Ok();

        Assert.Equal(ConversationState.Closed, closed.State);
        Assert.False((await desk.CallStore.GetAsync(conversation.Id, CancellationToken.None))!.IsActive);
        var logged = Assert.Single(logs.Entries, e => e.EventId == 7902);
        Assert.Equal(LogLevel.Warning, logged.Level);
        Assert.IsType<HttpRequestException>(logged.Exception);
        Assert.Contains(call.CallId, logged.Message, StringComparison.Ordinal);
        Assert.Contains(conversation.Id.Value, logged.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_call_store_failing_to_record_the_end_does_not_fail_the_close_and_is_logged()
    {
        var app = new FakeCallProvider();
        var logs = new CapturingLoggerProvider();
        var store = new SwitchableCallStore();
        using var desk = await CreateAsync(app, services => services.AddLogging(b => b.AddProvider(logs)).AddSingleton<ICallStore>(store));
        var conversation = await desk.TakenAsync(Alice, Dave);
        (await desk.Calls.StartCallAsync(conversation.Id, Alice)).Ok();
        store.FailSaves = true;

        (await desk.Conversations.CloseAsync(conversation.Id, Actor.Agent(Alice))).Ok();

        Assert.Single(logs.Entries, e => e.EventId == 7903 && e.Level == LogLevel.Warning);
    }

    [Fact]
    public async Task A_call_left_active_in_a_closed_conversation_is_ended_when_it_is_next_read()
    {
        // The close happened where its event never reached this process (another process, a stop): the store still says active.
        var app = new FakeCallProvider();
        using var desk = await CreateAsync(app);
        var conversation = await desk.TakenAsync(Alice, Dave);
        var call = (await desk.Calls.StartCallAsync(conversation.Id, Alice)).Ok();
        (await desk.Conversations.CloseAsync(conversation.Id, Actor.Agent(Alice))).Ok();
        var ended = (await desk.CallStore.GetAsync(conversation.Id, CancellationToken.None))!;
        await desk.CallStore.SaveAsync(ended with { EndedAt = null }, CancellationToken.None);
        while (app.Ended.TryDequeue(out _))
        {
        }

        (await desk.Calls.GetActiveCallAsync(conversation.Id, Alice)).Refused(OperationErrorCode.NotFound, "closed");

        Assert.Equal([call.CallId], app.Ended);
        Assert.False((await desk.CallStore.GetAsync(conversation.Id, CancellationToken.None))!.IsActive);
    }

    [Fact]
    public async Task Without_a_call_app_a_close_does_not_read_the_call_store()
    {
        var store = new SwitchableCallStore();
        using var desk = await CreateAsync(callProvider: null, services => services.AddSingleton<ICallStore>(store));
        var conversation = await desk.TakenAsync(Alice, Dave);

        (await desk.Conversations.CloseAsync(conversation.Id, Actor.Agent(Alice))).Ok();

        Assert.Equal(0, store.Reads);
    }

    private sealed class SwitchableCallStore : ICallStore
    {
        private readonly InMemoryCallStore _inner = new();
        private int _reads;

        public bool FailSaves { get; set; }

        public int Reads => Volatile.Read(ref _reads);

        public ValueTask<ConversationCall?> GetAsync(ConversationId id, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _reads);
            return _inner.GetAsync(id, cancellationToken);
        }

        public ValueTask<ConversationCall> SaveAsync(ConversationCall entity, CancellationToken cancellationToken) =>
            FailSaves ? throw new IOException("call store unreachable") : _inner.SaveAsync(entity, cancellationToken);
    }

    private sealed record LogEntry(int EventId, LogLevel Level, string Message, Exception? Exception);

    private sealed class CapturingLoggerProvider : ILoggerProvider
    {
        public ConcurrentQueue<LogEntry> Entries { get; } = new();

        public ILogger CreateLogger(string categoryName) => new CapturingLogger(Entries);

        public void Dispose()
        {
        }

        private sealed class CapturingLogger(ConcurrentQueue<LogEntry> entries) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                entries.Enqueue(new(eventId.Id, logLevel, formatter(state, exception), exception));
        }
    }
}
