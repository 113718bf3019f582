using NodaTime;
using Omnichannel.Conversations;
using Omnichannel.Core.Tests.TestSupport;
using Omnichannel.Notifications;
using Omnichannel.Operations;

namespace Omnichannel.Core.Tests.Operations;

/// <summary>Agent, system and bot messages, and the typing indicator.</summary>
public sealed class MessageTests
{
    [Fact]
    public async Task Serving_agent_writes_to_a_taken_conversation()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var taken = await desk.TakenAsync(Ids.Alice);
        desk.Clock.Advance(Duration.FromSeconds(30));
        desk.Events.Clear();
        Attachment[] files = [new("steps.png", "image/png", 2048, "https://files.example.com/steps")];

        var answered = (await desk.Conversations.PostAgentMessageAsync(taken.Id, Ids.Alice, "Try this", files)).Ok();

        var message = (await desk.MessagesAsync(answered.Id))[^1];
        Assert.Equal((3, AuthorKind.Agent, "alice", "Try this", desk.Clock.GetCurrentInstant()), (message.Sequence, message.AuthorKind, message.AuthorId, message.Text, message.SentAt));
        Assert.Equal(files, message.Attachments);
        Assert.Equal(AuthorKind.Agent, answered.LastAuthorKind);
        Assert.Equal(message, Assert.Single(desk.Events.OfType<MessagePosted>()).Message);
        Assert.Empty(desk.Events.OfType<ConversationStateChanged>());
    }

    [Fact]
    public async Task Manager_and_invited_participants_may_write_too()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var taken = await desk.TakenAsync(Ids.Alice);
        await desk.Conversations.InviteAsync(taken.Id, Ids.Alice, "@bob");

        (await desk.Conversations.PostAgentMessageAsync(taken.Id, Ids.Bob, "Hi, I am Bob")).Ok();
        (await desk.Conversations.PostAgentMessageAsync(taken.Id, Ids.Mia, "Hi, I am Mia, the manager")).Ok();
    }

    [Fact]
    public async Task Agent_who_is_not_involved_cannot_write()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var taken = await desk.TakenAsync(Ids.Alice);

        (await desk.Conversations.PostAgentMessageAsync(taken.Id, Ids.Bob, "Hello")).Refused(OperationErrorCode.NotServingAgent,
            $"Agent 'bob' cannot act on conversation '{taken.Id}': it is served by agent 'alice'");
        (await desk.Conversations.PostAgentMessageAsync(taken.Id, new AgentId("ghost"), "Hello")).Refused(OperationErrorCode.NotFound, "Agent 'ghost' does not exist.");
    }

    [Fact]
    public async Task Agents_write_only_to_a_taken_conversation()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var queued = await desk.QueuedAsync();

        (await desk.Conversations.PostAgentMessageAsync(queued.Id, Ids.Mia, "Hello")).Refused(OperationErrorCode.InvalidTransition,
            $"Conversation '{queued.Id}' is Queued; agents write only to a conversation they have taken.");
    }

    [Theory]
    [InlineData("")]
    [InlineData(" \t ")]
    public async Task Empty_agent_message_is_refused(string text)
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var taken = await desk.TakenAsync(Ids.Alice);

        (await desk.Conversations.PostAgentMessageAsync(taken.Id, Ids.Alice, text)).Refused(OperationErrorCode.InvalidArgument, "The message is empty.");
        (await desk.Conversations.PostSystemMessageAsync(taken.Id, text)).Refused(OperationErrorCode.InvalidArgument, "The message is empty.");
        (await desk.Conversations.PostBotMessageAsync(taken.Id, "bot", text)).Refused(OperationErrorCode.InvalidArgument, "The message is empty.");
    }

    [Fact]
    public async Task Too_long_agent_message_is_refused()
    {
        using var desk = await OmnichannelHarness.CreateAsync(o => o.MaxMessageLength = 3);
        var queued = await desk.QueuedAsync(text: "Hi");
        var taken = (await desk.Conversations.TakeAsync(queued.Id, Ids.Alice)).Ok();

        (await desk.Conversations.PostAgentMessageAsync(taken.Id, Ids.Alice, "four")).Refused(OperationErrorCode.InvalidArgument, "The message has 4 characters; at most 3 are accepted.");
    }

    [Fact]
    public async Task Unknown_slash_command_is_refused()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var taken = await desk.TakenAsync(Ids.Alice);

        (await desk.Conversations.PostAgentMessageAsync(taken.Id, Ids.Alice, "/kick @bob")).Refused(OperationErrorCode.InvalidArgument,
            "Unknown command '/kick'; the only command is /invite @username.");
    }

    [Fact]
    public async Task System_message_is_recorded_without_changing_who_wrote_last()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var queued = await desk.QueuedAsync();

        var noted = (await desk.Conversations.PostSystemMessageAsync(queued.Id, "Waiting for an agent.")).Ok();

        var message = (await desk.MessagesAsync(noted.Id))[^1];
        Assert.Equal((AuthorKind.System, (string?)null, "Waiting for an agent."), (message.AuthorKind, message.AuthorId, message.Text));
        Assert.Equal(AuthorKind.Contact, noted.LastAuthorKind);
        Assert.Equal(message, Assert.Single(desk.Events.OfType<MessagePosted>(), e => e.Message.AuthorKind == AuthorKind.System).Message);
    }

    [Fact]
    public async Task Bot_message_is_recorded_under_the_bots_name()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var queued = await desk.QueuedAsync();

        var answered = (await desk.Conversations.PostBotMessageAsync(queued.Id, "faq-bot", "Have you tried turning it off and on?")).Ok();

        Assert.Equal((AuthorKind.Bot, "faq-bot"), ((await desk.MessagesAsync(answered.Id))[^1].AuthorKind, (await desk.MessagesAsync(answered.Id))[^1].AuthorId));
        Assert.Equal(AuthorKind.Bot, answered.LastAuthorKind);
        await Assert.ThrowsAsync<ArgumentException>(async () => await desk.Conversations.PostBotMessageAsync(queued.Id, " ", "Hi"));
    }

    [Fact]
    public async Task System_and_bot_messages_to_an_unknown_conversation_are_refused()
    {
        using var desk = await OmnichannelHarness.CreateAsync();

        (await desk.Conversations.PostSystemMessageAsync(new ConversationId("missing"), "Hi")).Refused(OperationErrorCode.NotFound, "Conversation 'missing' does not exist.");
        (await desk.Conversations.PostBotMessageAsync(new ConversationId("missing"), "bot", "Hi")).Refused(OperationErrorCode.NotFound, "Conversation 'missing' does not exist.");
    }

    [Fact]
    public async Task Typing_is_published_for_the_contact_and_the_agents_involved()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var taken = await desk.TakenAsync(Ids.Alice);
        var before = (await desk.Conversations.InviteAsync(taken.Id, Ids.Alice, "bob")).Ok();
        desk.Events.Clear();

        (await desk.Conversations.SetTypingAsync(taken.Id, Actor.Contact(Ids.Dave), isTyping: true)).Ok();
        (await desk.Conversations.SetTypingAsync(taken.Id, Actor.Agent(Ids.Alice), isTyping: true)).Ok();
        (await desk.Conversations.SetTypingAsync(taken.Id, Actor.Agent(Ids.Bob), isTyping: false)).Ok();

        Assert.Equal(
            new[] { new TypingChanged(OmnichannelHarness.Start, taken.Id, Actor.Contact(Ids.Dave), true), new TypingChanged(OmnichannelHarness.Start, taken.Id, Actor.Agent(Ids.Alice), true), new TypingChanged(OmnichannelHarness.Start, taken.Id, Actor.Agent(Ids.Bob), false) },
            desk.Events.OfType<TypingChanged>());
        Assert.Equal(before, await desk.ReadAsync(taken.Id));
    }

    [Fact]
    public async Task Typing_is_refused_to_outsiders()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var taken = await desk.TakenAsync(Ids.Alice);

        (await desk.Conversations.SetTypingAsync(taken.Id, Actor.Contact(Ids.Erin), true)).Refused(OperationErrorCode.NotPermitted, $"contact 'erin' is not part of conversation '{taken.Id}'");
        (await desk.Conversations.SetTypingAsync(taken.Id, Actor.Agent(Ids.Bob), true)).Refused(OperationErrorCode.NotPermitted, $"agent 'bob' is not part of conversation '{taken.Id}'");
        (await desk.Conversations.SetTypingAsync(taken.Id, Actor.System, true)).Refused(OperationErrorCode.NotPermitted, "the system is not part of");
        (await desk.Conversations.SetTypingAsync(new ConversationId("missing"), Actor.Contact(Ids.Dave), true)).Refused(OperationErrorCode.NotFound, "Conversation 'missing' does not exist.");
        Assert.Empty(desk.Events.OfType<TypingChanged>());
    }
}
