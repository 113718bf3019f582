using NodaTime;
using Omnichannel.Agents;
using Omnichannel.Conversations;
using Omnichannel.Core.Tests.TestSupport;
using Omnichannel.Operations;

using static Omnichannel.Workspace.Tests.WorkspaceHarness;
using Omnichannel.Workspace.Calls;

namespace Omnichannel.Workspace.Tests.Calls;

/// <summary>Calls through the host's call app: start, join link, end, and their trace in the conversation.</summary>
public sealed class CallServiceTests
{
    [Fact]
    public async Task Without_a_call_app_every_call_operation_says_so()
    {
        using var desk = await CreateAsync(callProvider: null);
        var conversation = await desk.TakenAsync(Alice, Dave);

        Assert.False(desk.Calls.IsAvailable);
        (await desk.Calls.StartCallAsync(conversation.Id, Alice)).Refused(OperationErrorCode.NoCallProvider, "No call app is installed", $"'{conversation.Id}'", "ICallProvider");
        (await desk.Calls.GetActiveCallAsync(conversation.Id, Alice)).Refused(OperationErrorCode.NoCallProvider);
        (await desk.Calls.EndCallAsync(conversation.Id, Alice)).Refused(OperationErrorCode.NoCallProvider);
        (await desk.Calls.CallEndedAsync(conversation.Id, "room-1")).Refused(OperationErrorCode.NoCallProvider);
        Assert.Equal(conversation.MessageCount, (await desk.ReadAsync(conversation.Id)).MessageCount);
    }

    [Fact]
    public async Task Starting_a_call_asks_the_call_app_and_posts_the_join_link_in_the_conversation()
    {
        var app = new FakeCallProvider();
        using var desk = await CreateAsync(app);
        var conversation = await desk.TakenAsync(Alice, Dave);

        var call = (await desk.Calls.StartCallAsync(conversation.Id, Alice)).Ok();

        var request = Assert.Single(app.Started);
        Assert.Equal((conversation.Id, Alice, "Alice Lee", Dave, "Dave Doe", CallMedia.Video), (request.ConversationId, request.AgentId, request.AgentName, request.ContactId, request.ContactName, request.Media));
        Assert.Equal(("room-1", "fake-meet", Alice, Start, true), (call.CallId, call.Provider, call.StartedBy, call.StartedAt, call.IsActive));
        Assert.Equal(new Uri("https://meet.example.com/room-1?role=agent"), call.JoinUrl);
        var notice = (await desk.MessagesAsync(conversation.Id))[^1];
        Assert.Equal((AuthorKind.System, "Video call started by Alice Lee. Join: https://meet.example.com/room-1"), (notice.AuthorKind, notice.Text));
        Assert.True(desk.Calls.IsAvailable);
    }

    [Fact]
    public async Task Starting_again_joins_the_active_call_instead_of_making_another()
    {
        var app = new FakeCallProvider();
        using var desk = await CreateAsync(app);
        var conversation = await desk.TakenAsync(Alice, Dave);
        var first = (await desk.Calls.StartCallAsync(conversation.Id, Alice, CallMedia.Audio)).Ok();

        var again = (await desk.Calls.StartCallAsync(conversation.Id, Mia)).Ok();
        var joined = (await desk.Calls.GetActiveCallAsync(conversation.Id, Alice)).Ok();

        Assert.Single(app.Started);
        Assert.Equal((first.CallId, CallMedia.Audio), (again.CallId, again.Media));
        Assert.Equal(first.JoinUrl, joined.JoinUrl);
    }

    [Fact]
    public async Task Of_agents_starting_a_call_at_once_all_join_one_and_the_duplicates_are_ended()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var app = new FakeCallProvider { StartGate = gate.Task };
        using var desk = await CreateAsync(app);
        var conversation = await desk.TakenAsync(Alice, Dave);
        (await desk.Conversations.InviteAsync(conversation.Id, Alice, "@bob")).Ok();

        var starts = new[] { Alice, Bob, Mia, Alice }.Select(agent => Task.Run(async () => await desk.Calls.StartCallAsync(conversation.Id, agent))).ToArray();
        for (var waited = 0; app.Started.Count < starts.Length && waited < 2_000; waited++)
        {
            await Task.Delay(5);
        }

        Assert.Equal(starts.Length, app.Started.Count);
        gate.SetResult();
        var results = await Task.WhenAll(starts);

        var callIds = results.Select(r => r.Ok().CallId).Distinct().ToList();
        var kept = Assert.Single(callIds);
        Assert.Equal(starts.Length - 1, app.Ended.Count);
        Assert.DoesNotContain(kept, app.Ended);
        Assert.Single((await desk.MessagesAsync(conversation.Id)), m => m.Text.Contains("call started", StringComparison.Ordinal));
    }

    [Fact]
    public async Task When_the_call_app_reports_the_end_it_is_recorded_and_posted_once()
    {
        var app = new FakeCallProvider();
        using var desk = await CreateAsync(app);
        var conversation = await desk.TakenAsync(Alice, Dave);
        var call = (await desk.Calls.StartCallAsync(conversation.Id, Alice)).Ok();
        desk.Clock.Advance(Duration.FromSeconds(250));

        var ended = (await desk.Calls.CallEndedAsync(conversation.Id, call.CallId)).Ok();
        var reportedAgain = (await desk.Calls.CallEndedAsync(conversation.Id, call.CallId)).Ok();

        Assert.Equal((Start + Duration.FromSeconds(250), Duration.FromSeconds(250), false), (ended.EndedAt!.Value, ended.Duration!.Value, ended.IsActive));
        Assert.Equal(ended.Version, reportedAgain.Version);
        var messages = (await desk.MessagesAsync(conversation.Id));
        Assert.Single(messages, m => m.AuthorKind == AuthorKind.System && m.Text == "Video call ended after 4 min 10 s.");
        (await desk.Calls.GetActiveCallAsync(conversation.Id, Alice)).Refused(OperationErrorCode.NotFound, "No call is in progress");
        Assert.Empty(app.Ended);
    }

    [Fact]
    public async Task An_agent_hanging_up_ends_the_call_in_the_call_app_and_a_new_call_can_follow()
    {
        var app = new FakeCallProvider();
        using var desk = await CreateAsync(app);
        var conversation = await desk.TakenAsync(Alice, Dave);
        var first = (await desk.Calls.StartCallAsync(conversation.Id, Alice)).Ok();
        desk.Clock.Advance(Duration.FromMinutes(61) + Duration.FromSeconds(2));

        (await desk.Calls.EndCallAsync(conversation.Id, Alice)).Ok();
        var second = (await desk.Calls.StartCallAsync(conversation.Id, Alice)).Ok();

        Assert.Equal([first.CallId], app.Ended);
        Assert.NotEqual(first.CallId, second.CallId);
        var texts = (await desk.MessagesAsync(conversation.Id)).Where(m => m.AuthorKind == AuthorKind.System && m.AuthorId == SystemMessageSources.Call).Select(m => m.Text).ToList();
        Assert.Equal(
            ["Video call started by Alice Lee. Join: https://meet.example.com/room-1", "Video call ended after 1 h 1 min 2 s.", "Video call started by Alice Lee. Join: https://meet.example.com/room-2"],
            texts);
    }

    [Fact]
    public async Task An_end_report_for_another_call_is_refused()
    {
        using var desk = await CreateAsync(new FakeCallProvider());
        var conversation = await desk.TakenAsync(Alice, Dave);
        (await desk.Calls.StartCallAsync(conversation.Id, Alice)).Ok();

        (await desk.Calls.CallEndedAsync(conversation.Id, "room-99")).Refused(OperationErrorCode.NotFound, "no call 'room-99'", "call 'room-1'");
        (await desk.Calls.EndCallAsync(new ConversationId("nope"), Alice)).Refused(OperationErrorCode.NotFound, "'nope'");
    }

    [Fact]
    public async Task Calls_are_made_only_in_taken_conversations()
    {
        using var desk = await CreateAsync(new FakeCallProvider());
        var queued = (await desk.Conversations.ReceiveContactMessageAsync(Erin, Support, "Hello")).Ok();
        var taken = await desk.TakenAsync(Alice, Dave);
        (await desk.Conversations.CloseAsync(taken.Id, Actor.Agent(Alice))).Ok();

        (await desk.Calls.StartCallAsync(queued.Id, Mia)).Refused(OperationErrorCode.InvalidTransition, "is Queued");
        (await desk.Calls.StartCallAsync(taken.Id, Alice)).Refused(OperationErrorCode.ConversationClosed, "is closed");
    }

    [Fact]
    public async Task Calling_needs_the_permission_and_a_place_in_the_conversation()
    {
        using var desk = await CreateAsync(new FakeCallProvider());
        await desk.AgentAsync(new AgentId("rex"), Support, a => a with { Permissions = AgentPermissions.DefaultAgent & ~AgentPermissions.StartCall });
        var conversation = await desk.TakenAsync(Alice, Dave);
        (await desk.Conversations.InviteAsync(conversation.Id, Alice, "@rex")).Ok();

        (await desk.Calls.StartCallAsync(conversation.Id, new AgentId("rex"))).Refused(OperationErrorCode.NotPermitted, "StartCall");
        (await desk.Calls.StartCallAsync(conversation.Id, Bob)).Refused(OperationErrorCode.NotServingAgent, "'bob'", "start a call");
        (await desk.Calls.StartCallAsync(conversation.Id, Mia)).Ok();
    }

    [Fact]
    public async Task A_call_ending_after_the_conversation_closed_is_recorded_without_a_message()
    {
        using var desk = await CreateAsync(new FakeCallProvider());
        var conversation = await desk.TakenAsync(Alice, Dave);
        var call = (await desk.Calls.StartCallAsync(conversation.Id, Alice)).Ok();
        var closed = (await desk.Conversations.CloseAsync(conversation.Id, Actor.Agent(Alice))).Ok();

        var ended = (await desk.Calls.CallEndedAsync(conversation.Id, call.CallId)).Ok();

        Assert.False(ended.IsActive);
        Assert.Equal(closed.MessageCount, (await desk.ReadAsync(conversation.Id)).MessageCount);
    }
}
