using NodaTime;
using Omnichannel.Agents;
using Omnichannel.Conversations;
using Omnichannel.Core.Tests.TestSupport;
using Omnichannel.Notifications;
using Omnichannel.Operations;

namespace Omnichannel.Core.Tests.Operations;

/// <summary>The room information panel: figures computed from messages and timestamps, and editing topic and priority.</summary>
public sealed class RoomInformationTests
{
    [Fact]
    public async Task Figures_follow_the_clock_while_the_conversation_is_queued()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var queued = await desk.QueuedAsync();
        desk.Clock.Advance(Duration.FromSeconds(90));

        var info = (await desk.Conversations.GetRoomInformationAsync(queued.Id, Actor.System)).Ok();

        Assert.Equal(OmnichannelHarness.Start, info.StartedAt);
        Assert.Equal(Duration.FromSeconds(90), info.QueueTime);
        Assert.Equal(Duration.FromSeconds(90), info.ChatDuration);
        Assert.Null(info.FirstResponseTime);
        Assert.Null(info.AverageResponseTime);
        Assert.Equal((Ids.Dave, (AgentId?)null), (info.ContactId, info.ServingAgentId));
    }

    [Fact]
    public async Task Queue_time_first_and_average_response_time_and_duration_are_computed_from_the_messages()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var conversation = await desk.QueuedAsync();                                                     // contact at 0 s
        desk.Clock.Advance(Duration.FromSeconds(30));
        await desk.Conversations.TakeAsync(conversation.Id, Ids.Alice);                                 // taken at 30 s
        desk.Clock.Advance(Duration.FromSeconds(15));
        await desk.Conversations.PostAgentMessageAsync(conversation.Id, Ids.Alice, "Hello Dave");       // answered at 45 s: 45 s
        desk.Clock.Advance(Duration.FromSeconds(15));
        await desk.Conversations.ReceiveContactMessageAsync(Ids.Dave, Ids.Support, "It is broken");    // contact at 60 s
        desk.Clock.Advance(Duration.FromSeconds(10));
        await desk.Conversations.ReceiveContactMessageAsync(Ids.Dave, Ids.Support, "Really broken");   // still waiting since 60 s
        await desk.Conversations.PostSystemMessageAsync(conversation.Id, "Screen shared.");              // not an answer
        desk.Clock.Advance(Duration.FromSeconds(15));
        await desk.Conversations.PostAgentMessageAsync(conversation.Id, Ids.Alice, "Let me see");       // answered at 85 s: 25 s
        await desk.Conversations.PostAgentMessageAsync(conversation.Id, Ids.Alice, "Fixed");            // nothing was waiting
        desk.Clock.Advance(Duration.FromSeconds(35));

        var open = (await desk.Conversations.GetRoomInformationAsync(conversation.Id, Actor.System)).Ok();
        await desk.Conversations.CloseAsync(conversation.Id, Actor.Agent(Ids.Alice));
        desk.Clock.Advance(Duration.FromHours(1));
        var closed = (await desk.Conversations.GetRoomInformationAsync(conversation.Id, Actor.System)).Ok();

        Assert.Equal(Duration.FromSeconds(30), open.QueueTime);
        Assert.Equal(Duration.FromSeconds(45), open.FirstResponseTime);
        Assert.Equal(Duration.FromSeconds(35), open.AverageResponseTime);
        Assert.Equal(Duration.FromSeconds(120), open.ChatDuration);
        Assert.Equal(Ids.Alice, open.ServingAgentId);
        // The figures freeze at close; the panel now also shows the state, who closed it and when.
        Assert.Equal(open with { State = ConversationState.Closed, ClosedAt = closed.ClosedAt, ClosedBy = Actor.Agent(Ids.Alice) }, closed);
    }

    [Fact]
    public async Task Queue_time_counts_until_the_first_take_only()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var conversation = await desk.QueuedAsync();
        desk.Clock.Advance(Duration.FromSeconds(20));
        await desk.Conversations.TakeAsync(conversation.Id, Ids.Alice);
        desk.Clock.Advance(Duration.FromSeconds(20));
        await desk.Conversations.ReturnToQueueAsync(conversation.Id, Actor.Agent(Ids.Alice));
        desk.Clock.Advance(Duration.FromSeconds(20));

        var info = (await desk.Conversations.GetRoomInformationAsync(conversation.Id, Actor.System)).Ok();

        Assert.Equal(Duration.FromSeconds(20), info.QueueTime);
        Assert.Equal(Ids.Alice, info.ServingAgentId);
    }

    [Fact]
    public async Task Room_information_of_an_unknown_conversation_is_refused()
    {
        using var desk = await OmnichannelHarness.CreateAsync();

        (await desk.Conversations.GetRoomInformationAsync(new ConversationId("missing"), Actor.System)).Refused(OperationErrorCode.NotFound, "Conversation 'missing' does not exist.");
    }

    [Theory]
    [InlineData("   ")]
    [InlineData("\u200B")]
    [InlineData("\t\uFEFF ")]
    public async Task A_blank_topic_clears_the_topic_like_an_empty_one(string blank)
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var taken = await desk.TakenAsync(Ids.Alice);
        (await desk.Conversations.UpdateRoomInformationAsync(taken.Id, Ids.Alice, new RoomInformationUpdate("Invoice 42"))).Ok();

        var cleared = (await desk.Conversations.UpdateRoomInformationAsync(taken.Id, Ids.Alice, new RoomInformationUpdate(blank))).Ok();

        Assert.Null(cleared.Topic);
        Assert.Null((await desk.Conversations.GetRoomInformationAsync(taken.Id, Actor.System)).Ok().Topic);
    }

    [Fact]
    public async Task Topic_and_priority_are_edited_and_published()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var taken = await desk.TakenAsync(Ids.Alice);
        desk.Events.Clear();

        var edited = (await desk.Conversations.UpdateRoomInformationAsync(taken.Id, Ids.Alice, new RoomInformationUpdate("  Invoice 42 ", ConversationPriority.High))).Ok();
        var unchanged = (await desk.Conversations.UpdateRoomInformationAsync(taken.Id, Ids.Alice, new RoomInformationUpdate())).Ok();
        var cleared = (await desk.Conversations.UpdateRoomInformationAsync(taken.Id, Ids.Alice, new RoomInformationUpdate(Topic: ""))).Ok();

        Assert.Equal(("Invoice 42", ConversationPriority.High), (edited.Topic, edited.Priority));
        Assert.Equal(("Invoice 42", ConversationPriority.High), (unchanged.Topic, unchanged.Priority));
        Assert.Equal(((string?)null, ConversationPriority.High), (cleared.Topic, cleared.Priority));
        var info = (await desk.Conversations.GetRoomInformationAsync(taken.Id, Actor.System)).Ok();
        Assert.Equal(((string?)null, ConversationPriority.High), (info.Topic, info.Priority));
        Assert.Equal(3, desk.Events.OfType<RoomInformationChanged>().Count);
        Assert.All(desk.Events.OfType<RoomInformationChanged>(), e => Assert.Equal(Ids.Alice, e.EditedBy));
    }

    [Fact]
    public async Task Invalid_topic_or_priority_is_refused()
    {
        using var desk = await OmnichannelHarness.CreateAsync(o => o.MaxCommentLength = 5);
        var taken = await desk.TakenAsync(Ids.Alice);

        (await desk.Conversations.UpdateRoomInformationAsync(taken.Id, Ids.Alice, new RoomInformationUpdate("Invoice 42"))).Refused(OperationErrorCode.InvalidArgument,
            "The topic has 10 characters; at most 5 are accepted.");
        (await desk.Conversations.UpdateRoomInformationAsync(taken.Id, Ids.Alice, new RoomInformationUpdate(Priority: new ConversationPriority("P9")))).Refused(OperationErrorCode.InvalidArgument,
            "Priority 'P9' is not configured; choose None or one of: Highest, High, Medium, Low, Lowest. The list is OmnichannelOptions.Priorities.");
    }

    [Fact]
    public async Task Only_the_agents_in_the_conversation_or_a_manager_may_edit_it()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var taken = await desk.TakenAsync(Ids.Alice);
        var update = new RoomInformationUpdate("Invoice");

        (await desk.Conversations.UpdateRoomInformationAsync(taken.Id, Ids.Bob, update)).Refused(OperationErrorCode.NotServingAgent, "Agent 'bob'", $"conversation '{taken.Id}'");
        (await desk.Conversations.UpdateRoomInformationAsync(taken.Id, Ids.Mia, update)).Ok();
        await desk.UpdateAgentAsync(Ids.Alice, a => a with { Permissions = AgentPermissions.DefaultAgent & ~AgentPermissions.EditRoomInformation });
        (await desk.Conversations.UpdateRoomInformationAsync(taken.Id, Ids.Alice, update)).Refused(OperationErrorCode.NotPermitted, "Agent 'alice' lacks the EditRoomInformation permission.");
    }
}
