using NodaTime;
using Omnichannel.Conversations;
using Omnichannel.Core.Tests.TestSupport;
using Omnichannel.Operations;

namespace Omnichannel.Core.Tests.Access;

/// <summary>Issue 11: the agent's views as queries with paging and filters, each scoped by the actor.</summary>
public sealed class AgentViewTests
{
    [Fact]
    public async Task Room_information_shows_the_contact_name_agent_username_and_department_name()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var taken = await desk.TakenAsync(Ids.Alice);

        var info = (await desk.Conversations.GetRoomInformationAsync(taken.Id, Actor.Agent(Ids.Bob))).Ok();

        Assert.Equal("dave", info.ContactName);
        Assert.Equal("alice", info.AgentUsername);
        Assert.Equal("support", info.DepartmentName);
        Assert.Equal(ConversationState.Taken, info.State);
        Assert.Null(info.ClosedAt);
    }

    [Fact]
    public async Task Room_information_is_edited_during_the_conversation_topic_priority_tags_custom_fields_by_who_may()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var taken = await desk.TakenAsync(Ids.Alice);
        var update = new RoomInformationUpdate("Refund", ConversationPriority.High)
        {
            Tags = ["billing", " billing ", "vip"],
            CustomFields = new Dictionary<string, string> { ["order"] = "42" },
        };

        (await desk.Conversations.UpdateRoomInformationAsync(taken.Id, Ids.Sam, update)).Refused(OperationErrorCode.NotServingAgent, "'sam'");
        (await desk.Conversations.UpdateRoomInformationAsync(taken.Id, Ids.Bob, update)).Refused(OperationErrorCode.NotServingAgent, "'bob'");
        (await desk.Conversations.UpdateRoomInformationAsync(taken.Id, Ids.Alice, update)).Ok();
        (await desk.Conversations.UpdateRoomInformationAsync(taken.Id, Ids.Mia, new RoomInformationUpdate { CustomFields = new Dictionary<string, string> { ["order"] = "", ["region"] = "EU" } })).Ok();
        (await desk.Conversations.UpdateRoomInformationAsync(taken.Id, Ids.Alice, new RoomInformationUpdate { CustomFields = new Dictionary<string, string> { ["bad\nname"] = "x" } })).Refused(OperationErrorCode.InvalidCustomField, "custom field name");

        var info = (await desk.Conversations.GetRoomInformationAsync(taken.Id, Actor.Agent(Ids.Alice))).Ok();
        Assert.Equal("Refund", info.Topic);
        Assert.Equal(ConversationPriority.High, info.Priority);
        Assert.Equal(["billing", "vip"], info.Tags.ToArray());
        Assert.Equal("EU", Assert.Single(info.CustomFields).Value);
    }

    [Fact]
    public async Task Chats_in_progress_and_on_hold_list_the_agents_own_conversations_in_pages()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var first = await desk.TakenAsync(Ids.Alice);
        desk.Clock.Advance(Duration.FromMinutes(1));
        var second = await desk.AnsweredAsync(Ids.Alice, Ids.Erin);
        (await desk.Conversations.PlaceOnHoldAsync(second.Id, Ids.Alice)).Ok();
        await desk.TakenAsync(Ids.Bob, await desk.ContactAsync(new ContactId("carl")));

        var inProgress = (await desk.Conversations.ListInProgressAsync(Ids.Alice, limit: 1)).Ok();
        var onHold = (await desk.Conversations.ListOnHoldAsync(Ids.Alice)).Ok();

        Assert.Equal([first.Id], inProgress.Items.Select(c => c.Id));
        Assert.Null(inProgress.Next);
        Assert.Equal([second.Id], onHold.Items.Select(c => c.Id));
        (await desk.Conversations.ListInProgressAsync(Ids.Alice, limit: 0)).Refused(OperationErrorCode.InvalidArgument);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(201)]
    [InlineData(int.MaxValue)]
    public async Task A_page_size_out_of_range_is_refused_in_one_sentence_naming_the_range(int limit)
    {
        using var desk = await OmnichannelHarness.CreateAsync();

        var inProgress = (await desk.Conversations.ListInProgressAsync(Ids.Alice, limit: limit)).Refused(OperationErrorCode.InvalidArgument, "1 to 200", $"{limit} were asked for");
        var onHold = (await desk.Conversations.ListOnHoldAsync(Ids.Alice, limit: limit)).Refused(OperationErrorCode.InvalidArgument, "1 to 200");
        var listed = (await desk.Conversations.ListConversationsAsync(Ids.Alice, new ConversationListQuery { Limit = limit })).Refused(OperationErrorCode.InvalidArgument, "1 to 200");

        Assert.All(new[] { inProgress, onHold, listed }, e => Assert.DoesNotContain('\n', e.Message));
    }

    [Fact]
    public async Task The_contact_center_list_is_scoped_by_the_actor_filtered_and_paged()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var support = await desk.TakenAsync(Ids.Alice);
        (await desk.Conversations.UpdateRoomInformationAsync(support.Id, Ids.Alice, new RoomInformationUpdate("Invoice 7 wrong") { Tags = ["billing"] })).Ok();
        desk.Clock.Advance(Duration.FromMinutes(1));
        var sales = await desk.QueuedAsync(Ids.Erin, Ids.Sales);
        desk.Clock.Advance(Duration.FromMinutes(1));
        var later = await desk.QueuedAsync(await desk.ContactAsync(new ContactId("carl")));

        Assert.Equal([sales.Id], (await desk.Conversations.ListConversationsAsync(Ids.Sam, new ConversationListQuery())).Ok().Items.Select(c => c.Id));
        // A caller cannot widen the scope: the agent's replaces whatever the query says.
        Assert.Equal([sales.Id], (await desk.Conversations.ListConversationsAsync(Ids.Sam, new ConversationListQuery { Departments = null })).Ok().Items.Select(c => c.Id));
        var page = (await desk.Conversations.ListConversationsAsync(Ids.Bob, new ConversationListQuery { Limit = 1 })).Ok();
        Assert.Equal([later.Id], page.Items.Select(c => c.Id));
        Assert.Equal([support.Id], (await desk.Conversations.ListConversationsAsync(Ids.Bob, new ConversationListQuery { After = page.Next, Limit = 1 })).Ok().Items.Select(c => c.Id));
        Assert.Equal([support.Id], (await desk.Conversations.ListConversationsAsync(Ids.Bob, new ConversationListQuery { Tags = ["billing"] })).Ok().Items.Select(c => c.Id));
        Assert.Equal([support.Id], (await desk.Conversations.ListConversationsAsync(Ids.Bob, new ConversationListQuery { Text = "INVOICE", ServingAgentId = Ids.Alice, States = [ConversationState.Taken] })).Ok().Items.Select(c => c.Id));
        Assert.Equal([later.Id], (await desk.Conversations.ListConversationsAsync(Ids.Bob, new ConversationListQuery { CreatedFrom = later.CreatedAt })).Ok().Items.Select(c => c.Id));
        (await desk.Conversations.ListConversationsAsync(Ids.Bob, new ConversationListQuery { Limit = 201 })).Refused(OperationErrorCode.InvalidArgument);
        (await desk.Conversations.ListConversationsAsync(Ids.Bob, new ConversationListQuery { Text = "a\u0000b" })).Refused(OperationErrorCode.InvalidArgument);
    }

    [Fact]
    public async Task A_contact_sees_their_own_place_in_the_queue_and_estimated_wait()
    {
        using var desk = await OmnichannelHarness.CreateAsync(o => o.EstimatedHandleTime = Duration.FromMinutes(6));
        var first = await desk.QueuedAsync();
        desk.Clock.Advance(Duration.FromSeconds(1)); // arrival order decides among equal priorities
        var second = await desk.QueuedAsync(Ids.Erin);
        desk.Clock.Advance(Duration.FromSeconds(1));
        var urgent = await desk.QueuedAsync(await desk.ContactAsync(new ContactId("carl")));
        // A manager may set the priority of a queued conversation of their department: it moves ahead.
        (await desk.Conversations.UpdateRoomInformationAsync(urgent.Id, Ids.Mia, new RoomInformationUpdate(Priority: ConversationPriority.Highest))).Ok();

        var place = (await desk.Conversations.GetQueuePlaceAsync(second.Id, Actor.Contact(Ids.Erin))).Ok();

        // Three Available agents with no limit in support (alice, bob, mia): three slots; 6 min x 3 / 3.
        Assert.Equal(3, place.Position);
        Assert.Equal(Duration.FromMinutes(6), place.EstimatedWait);
        Assert.Equal(2, (await desk.Conversations.GetQueuePlaceAsync(first.Id, Actor.Contact(Ids.Dave))).Ok().Position);
        Assert.Equal(1, (await desk.Conversations.GetQueuePlaceAsync(urgent.Id, Actor.System)).Ok().Position);
        (await desk.Conversations.GetQueuePlaceAsync(second.Id, Actor.Contact(Ids.Dave))).Refused(OperationErrorCode.NotPermitted, "contact 'dave'");
        var taken = (await desk.Conversations.TakeAsync(first.Id, Ids.Alice)).Ok();
        (await desk.Conversations.GetQueuePlaceAsync(taken.Id, Actor.Contact(Ids.Dave))).Refused(OperationErrorCode.InvalidTransition, "not queued");
    }
}
