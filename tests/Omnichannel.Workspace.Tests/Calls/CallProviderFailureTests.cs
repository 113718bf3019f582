using Microsoft.Extensions.DependencyInjection;
using Omnichannel.Core.Tests.TestSupport;
using Omnichannel.Operations;
using Omnichannel.Workspace.Calls;

using static Omnichannel.Workspace.Tests.WorkspaceHarness;

namespace Omnichannel.Workspace.Tests.Calls;

/// <summary>
/// The host's call app failing (an exception, its own timeout, an answer without a call) is answered as
/// CallProviderFailed naming the conversation, the call app and the operation, and leaves nothing half done: a call that
/// failed to start is not recorded, a call that failed to end stays in progress. Only the caller's own cancellation propagates.
/// </summary>
public sealed class CallProviderFailureTests
{
    public static TheoryData<Exception> Failures => new()
    {
        new HttpRequestException("call app unreachable"),
        new InvalidOperationException("meeting quota exceeded"),
        new TaskCanceledException("The call app's HTTP client timed out."),
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task A_call_app_failing_to_start_a_call_is_answered_as_CallProviderFailed_and_records_nothing(Exception failure)
    {
        var app = new FakeCallProvider { Failure = failure };
        using var desk = await CreateAsync(app);
        var conversation = await desk.TakenAsync(Alice, Dave);

        (await desk.Calls.StartCallAsync(conversation.Id, Alice)).Refused(OperationErrorCode.CallProviderFailed,
            "'fake-meet'", "start a call", $"conversation '{conversation.Id}'", failure.Message, "No call was recorded");

        Assert.Null(await desk.CallStore.GetAsync(conversation.Id, CancellationToken.None));
        (await desk.Calls.GetActiveCallAsync(conversation.Id, Alice)).Refused(OperationErrorCode.NotFound);
        Assert.Equal(conversation.MessageCount, (await desk.ReadAsync(conversation.Id)).MessageCount);

        app.Failure = null;
        Assert.True((await desk.Calls.StartCallAsync(conversation.Id, Alice)).Ok().IsActive);
    }

    [Fact]
    public async Task A_call_app_answering_no_call_is_answered_as_CallProviderFailed_and_records_nothing()
    {
        var app = new FakeCallProvider { StartAnswer = () => null };
        using var desk = await CreateAsync(app);
        var conversation = await desk.TakenAsync(Alice, Dave);

        (await desk.Calls.StartCallAsync(conversation.Id, Alice)).Refused(OperationErrorCode.CallProviderFailed, "'fake-meet'", "answered no call");
        app.StartAnswer = () => new CallStart(" ", new Uri("https://meet.example.com/x"));
        (await desk.Calls.StartCallAsync(conversation.Id, Alice)).Refused(OperationErrorCode.CallProviderFailed, "without an id");
        app.StartAnswer = () => new CallStart("room-x", null!);
        (await desk.Calls.StartCallAsync(conversation.Id, Alice)).Refused(OperationErrorCode.CallProviderFailed, "without a join link");

        Assert.Null(await desk.CallStore.GetAsync(conversation.Id, CancellationToken.None));
        Assert.Equal(conversation.MessageCount, (await desk.ReadAsync(conversation.Id)).MessageCount);
    }

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task A_call_app_failing_to_end_a_call_is_answered_as_CallProviderFailed_and_the_call_stays_in_progress(Exception failure)
    {
        var app = new FakeCallProvider();
        using var desk = await CreateAsync(app);
        var conversation = await desk.TakenAsync(Alice, Dave);
        var call = (await desk.Calls.StartCallAsync(conversation.Id, Alice)).Ok();
        var messages = (await desk.ReadAsync(conversation.Id)).MessageCount;
        app.EndFailure = failure;

        (await desk.Calls.EndCallAsync(conversation.Id, Alice)).Refused(OperationErrorCode.CallProviderFailed,
            "'fake-meet'", $"end call '{call.CallId}'", $"conversation '{conversation.Id}'", failure.Message, "still recorded as in progress");

        Assert.Equal(call, (await desk.Calls.GetActiveCallAsync(conversation.Id, Alice)).Ok());
        Assert.Equal(messages, (await desk.ReadAsync(conversation.Id)).MessageCount);
        app.EndFailure = null;
        Assert.False((await desk.Calls.EndCallAsync(conversation.Id, Alice)).Ok().IsActive);
    }

    [Fact]
    public async Task The_callers_own_cancellation_propagates_and_records_nothing()
    {
        using var cancel = new CancellationTokenSource();
        var app = new FakeCallProvider();
        using var desk = await CreateAsync(app);
        var conversation = await desk.TakenAsync(Alice, Dave);
        // The caller gives up while the call app is setting the call up.
        app.StartAnswer = () =>
        {
            cancel.Cancel();
            throw new OperationCanceledException(cancel.Token);
        };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await desk.Calls.StartCallAsync(conversation.Id, Alice, CallMedia.Video, cancel.Token));

        Assert.Null(await desk.CallStore.GetAsync(conversation.Id, CancellationToken.None));
    }

    [Fact]
    public async Task A_call_store_failing_after_the_call_app_started_a_call_ends_that_call_and_propagates()
    {
        var app = new FakeCallProvider();
        using var desk = await CreateAsync(app, services => services.AddSingleton<ICallStore>(new FailingCallStore()));
        var conversation = await desk.TakenAsync(Alice, Dave);

        await Assert.ThrowsAsync<IOException>(async () => await desk.Calls.StartCallAsync(conversation.Id, Alice));

        Assert.Equal(["room-1"], app.Ended);
        Assert.Equal(conversation.MessageCount, (await desk.ReadAsync(conversation.Id)).MessageCount);
    }

    private sealed class FailingCallStore : ICallStore
    {
        public ValueTask<ConversationCall?> GetAsync(ConversationId id, CancellationToken cancellationToken) => ValueTask.FromResult<ConversationCall?>(null);

        public ValueTask<ConversationCall> SaveAsync(ConversationCall entity, CancellationToken cancellationToken) => throw new IOException("disk full");
    }
}
