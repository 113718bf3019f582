using NodaTime;
using Omnichannel.Agents;
using Omnichannel.Conversations;
using Omnichannel.Core.Tests.TestSupport;
using Omnichannel.Lifecycle;
using Omnichannel.Notifications;
using Omnichannel.Operations;

namespace Omnichannel.Core.Tests.Operations;

public sealed class ReceiveContactMessageTests
{
    [Fact]
    public async Task First_message_starts_a_queued_conversation_and_alerts_the_department()
    {
        using var desk = await OmnichannelHarness.CreateAsync();

        var conversation = (await desk.Conversations.ReceiveContactMessageAsync(Ids.Dave, Ids.Support, "My invoice is wrong")).Ok();

        Assert.Equal(ConversationState.Queued, conversation.State);
        Assert.Equal(Ids.Dave, conversation.ContactId);
        Assert.Equal(Ids.Support, conversation.DepartmentId);
        Assert.Null(conversation.ServingAgentId);
        Assert.Equal(OmnichannelHarness.Start, conversation.CreatedAt);
        Assert.Equal(OmnichannelHarness.Start, conversation.QueuedAt);
        Assert.Equal(AuthorKind.Contact, conversation.LastAuthorKind);
        var message = Assert.Single((await desk.MessagesAsync(conversation.Id)));
        Assert.Equal((1, AuthorKind.Contact, "dave", "My invoice is wrong"), (message.Sequence, message.AuthorKind, message.AuthorId, message.Text));
        Assert.Equal(conversation, await desk.Conversations.GetAsync(conversation.Id));

        Assert.Equal(message, Assert.Single(desk.Events.OfType<MessagePosted>()).Message);
        var queued = Assert.Single(desk.Events.OfType<ConversationQueued>());
        Assert.Equal(conversation.Id, queued.Conversation.Id);
        Assert.Equal(new[] { Ids.Alice, Ids.Bob, Ids.Mia }, queued.AgentsToAlert);
    }

    [Fact]
    public async Task Queued_alert_leaves_out_agents_who_are_away_or_at_capacity()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        await desk.Agents.SetStatusAsync(Ids.Bob, AgentStatus.Away);
        await desk.UpdateAgentAsync(Ids.Alice, a => a with { MaxSimultaneousConversations = 1 });
        await desk.TakenAsync(Ids.Alice, Ids.Erin);
        desk.Events.Clear();

        await desk.QueuedAsync(Ids.Dave);

        Assert.Equal(new[] { Ids.Mia }, Assert.Single(desk.Events.OfType<ConversationQueued>()).AgentsToAlert);
    }

    [Fact]
    public async Task Next_message_appends_to_the_open_conversation()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var first = await desk.QueuedAsync();
        desk.Clock.Advance(Duration.FromSeconds(5));

        var second = (await desk.Conversations.ReceiveContactMessageAsync(Ids.Dave, Ids.Support, "Are you there?")).Ok();

        Assert.Equal(first.Id, second.Id);
        Assert.Equal(new[] { "Hello, I need help.", "Are you there?" }, (await desk.MessagesAsync(second.Id)).Select(m => m.Text));
        Assert.Equal(2, (await desk.MessagesAsync(second.Id))[1].Sequence);
        Assert.Equal(OmnichannelHarness.Start + Duration.FromSeconds(5), (await desk.MessagesAsync(second.Id))[1].SentAt);
        Assert.Equal(ConversationState.Queued, second.State);
        Assert.Single(desk.Events.OfType<ConversationQueued>());
    }

    [Fact]
    public async Task Each_department_and_each_contact_has_its_own_conversation()
    {
        using var desk = await OmnichannelHarness.CreateAsync();

        var support = await desk.QueuedAsync(Ids.Dave, Ids.Support);
        var sales = await desk.QueuedAsync(Ids.Dave, Ids.Sales);
        var erin = await desk.QueuedAsync(Ids.Erin, Ids.Support);

        Assert.Equal(3, new[] { support.Id, sales.Id, erin.Id }.Distinct().Count());
    }

    [Fact]
    public async Task Message_after_close_starts_a_new_conversation()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var closed = (await desk.Conversations.CloseAsync((await desk.QueuedAsync()).Id, Actor.System)).Ok();

        var next = (await desk.Conversations.ReceiveContactMessageAsync(Ids.Dave, Ids.Support, "One more thing")).Ok();

        Assert.NotEqual(closed.Id, next.Id);
        Assert.Equal(ConversationState.Queued, next.State);
        Assert.Equal(closed, await desk.ReadAsync(closed.Id));
    }

    [Fact]
    public async Task Attachment_without_text_is_accepted()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        Attachment[] files = [new("invoice.pdf", "application/pdf", 1234, "https://files.example.com/invoice")];

        var conversation = (await desk.Conversations.ReceiveContactMessageAsync(Ids.Dave, Ids.Support, "", files)).Ok();

        Assert.Equal(files, (await desk.MessagesAsync(conversation.Id))[0].Attachments);
    }

    [Fact]
    public async Task Unknown_contact_is_refused()
    {
        using var desk = await OmnichannelHarness.CreateAsync();

        var result = await desk.Conversations.ReceiveContactMessageAsync(new ContactId("stranger"), Ids.Support, "Hi");

        result.Refused(OperationErrorCode.NotFound, "Contact 'stranger' does not exist");
    }

    [Fact]
    public async Task Unknown_department_is_refused()
    {
        using var desk = await OmnichannelHarness.CreateAsync();

        var result = await desk.Conversations.ReceiveContactMessageAsync(Ids.Dave, new DepartmentId("nowhere"), "Hi");

        result.Refused(OperationErrorCode.NotFound, "Department 'nowhere' does not exist", "contact 'dave'");
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task Empty_message_is_refused(string text)
    {
        using var desk = await OmnichannelHarness.CreateAsync();

        var result = await desk.Conversations.ReceiveContactMessageAsync(Ids.Dave, Ids.Support, text);

        result.Refused(OperationErrorCode.InvalidArgument, "The message is empty.");
        Assert.Empty(await desk.Store.QueryAsync(new() { ContactId = Ids.Dave }, default));
    }

    [Fact]
    public async Task Too_long_message_is_refused_with_the_limit()
    {
        using var desk = await OmnichannelHarness.CreateAsync(o => o.MaxMessageLength = 10);

        (await desk.Conversations.ReceiveContactMessageAsync(Ids.Dave, Ids.Support, new string('x', 10))).Ok();
        var result = await desk.Conversations.ReceiveContactMessageAsync(Ids.Dave, Ids.Support, new string('x', 11));

        result.Refused(OperationErrorCode.InvalidArgument, "11 characters", "at most 10");
    }

    [Fact]
    public async Task Message_to_an_on_hold_conversation_resumes_it_with_the_same_agent()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var onHold = await desk.OnHoldAsync(Ids.Alice);
        desk.Events.Clear();

        var resumed = (await desk.Conversations.ReceiveContactMessageAsync(Ids.Dave, Ids.Support, "Any news?")).Ok();

        Assert.Equal(onHold.Id, resumed.Id);
        Assert.Equal(ConversationState.Taken, resumed.State);
        Assert.Equal(Ids.Alice, resumed.ServingAgentId);
        Assert.Equal(AuthorKind.Contact, resumed.LastAuthorKind);
        var change = Assert.Single(desk.Events.OfType<ConversationStateChanged>());
        Assert.Equal((ConversationState.OnHold, ConversationTrigger.Resume, ConversationState.Taken), (change.From, change.Trigger, change.To));
        Assert.Equal(Actor.Contact(Ids.Dave), change.Actor);
        Assert.Empty(desk.Events.OfType<ConversationQueued>());
    }

    [Theory]
    [InlineData(AgentStatus.Away)]
    [InlineData(AgentStatus.Offline)]
    public async Task Message_to_an_on_hold_conversation_queues_it_when_the_agent_is_not_available(AgentStatus status)
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var onHold = await desk.OnHoldAsync(Ids.Alice);
        await desk.Agents.SetStatusAsync(Ids.Alice, status);
        desk.Events.Clear();
        desk.Clock.Advance(Duration.FromMinutes(3));

        var queued = (await desk.Conversations.ReceiveContactMessageAsync(Ids.Dave, Ids.Support, "Any news?")).Ok();

        AssertQueuedForTheNextAgent(desk, onHold, queued);
    }

    [Fact]
    public async Task Message_to_an_on_hold_conversation_queues_it_when_the_agent_is_at_capacity()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        await desk.UpdateAgentAsync(Ids.Alice, a => a with { MaxSimultaneousConversations = 1 });
        var onHold = await desk.OnHoldAsync(Ids.Alice);
        await desk.TakenAsync(Ids.Alice, Ids.Erin);
        desk.Events.Clear();
        desk.Clock.Advance(Duration.FromMinutes(3));

        var queued = (await desk.Conversations.ReceiveContactMessageAsync(Ids.Dave, Ids.Support, "Any news?")).Ok();

        AssertQueuedForTheNextAgent(desk, onHold, queued);
    }

    [Fact]
    public async Task Message_to_an_on_hold_conversation_queues_it_when_the_agent_left_the_department()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var onHold = await desk.OnHoldAsync(Ids.Alice);
        await desk.UpdateAgentAsync(Ids.Alice, a => a with { Departments = [Ids.Sales] });
        desk.Events.Clear();
        desk.Clock.Advance(Duration.FromMinutes(3));

        var queued = (await desk.Conversations.ReceiveContactMessageAsync(Ids.Dave, Ids.Support, "Any news?")).Ok();

        AssertQueuedForTheNextAgent(desk, onHold, queued);
    }

    [Fact]
    public async Task Message_to_an_on_hold_conversation_resumes_within_the_department_limit()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        await desk.UpdateDepartmentAsync(Ids.Support, d => d with { MaxChatsPerAgent = 1 });
        var onHold = await desk.OnHoldAsync(Ids.Alice);
        await desk.TakenAsync(Ids.Alice, Ids.Erin, Ids.Support);

        var queued = (await desk.Conversations.ReceiveContactMessageAsync(Ids.Dave, Ids.Support, "Any news?")).Ok();

        Assert.Equal(onHold.Id, queued.Id);
        Assert.Equal(ConversationState.Queued, queued.State);
    }

    private static void AssertQueuedForTheNextAgent(OmnichannelHarness desk, Conversation onHold, Conversation queued)
    {
        Assert.Equal(onHold.Id, queued.Id);
        Assert.Equal(ConversationState.Queued, queued.State);
        Assert.Null(queued.ServingAgentId);
        Assert.Equal(Ids.Alice, queued.PreviousAgentId);
        Assert.Equal(desk.Clock.GetCurrentInstant(), queued.QueuedAt);
        // The contact's message, then the system message that the conversation left hold for the queue (same write).
        var messages = desk.MessagesAsync(queued.Id).GetAwaiter().GetResult();
        Assert.Equal("Any news?", messages[^2].Text);
        Assert.Equal((AuthorKind.System, SystemMessageSources.Resumed), (messages[^1].AuthorKind, messages[^1].AuthorId));
        Assert.Equal(AuthorKind.Contact, queued.LastAuthorKind);
        var change = Assert.Single(desk.Events.OfType<ConversationStateChanged>());
        Assert.Equal((ConversationState.OnHold, ConversationTrigger.ResumeToQueue, ConversationState.Queued), (change.From, change.Trigger, change.To));
        Assert.Single(desk.Events.OfType<ConversationQueued>());
    }
}
