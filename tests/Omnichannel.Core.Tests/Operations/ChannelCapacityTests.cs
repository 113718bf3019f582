using System.Collections.Immutable;
using Omnichannel.Conversations;
using Omnichannel.Core.Tests.TestSupport;
using Omnichannel.Operations;

namespace Omnichannel.Core.Tests.Operations;

/// <summary>Capacity per channel: for example one call or three chats at once.</summary>
public sealed class ChannelCapacityTests
{
    private static readonly ContactId Frank = new("frank");

    [Fact]
    public async Task A_conversation_started_on_a_channel_carries_it_and_plain_messages_default_to_chat()
    {
        using var desk = await OmnichannelHarness.CreateAsync();

        var call = (await desk.Conversations.ReceiveContactMessageAsync(new ContactMessage(Ids.Dave, Ids.Support, "Calling") { Channel = "call" }, CancellationToken.None)).Ok();
        var chat = await desk.QueuedAsync(Ids.Erin);

        Assert.Equal(("call", Conversation.DefaultChannel), (call.Channel, chat.Channel));
    }

    [Theory]
    [InlineData("")]
    [InlineData("video call")]
    public async Task A_channel_that_is_not_a_word_is_refused(string channel)
    {
        using var desk = await OmnichannelHarness.CreateAsync();

        (await desk.Conversations.ReceiveContactMessageAsync(new ContactMessage(Ids.Dave, Ids.Support, "Hi") { Channel = channel }, CancellationToken.None))
            .Refused(OperationErrorCode.InvalidArgument, "is not a channel name");
    }

    [Fact]
    public async Task Take_fails_when_the_agent_is_at_their_limit_for_the_channel_but_not_for_others()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        await desk.UpdateAgentAsync(Ids.Alice, a => a with { MaxSimultaneousConversations = 4, ChannelCapacity = ImmutableDictionary<string, int>.Empty.Add("call", 1) });
        await desk.ContactAsync(Frank);
        var firstCall = (await desk.Conversations.ReceiveContactMessageAsync(new ContactMessage(Ids.Dave, Ids.Support, "Call 1") { Channel = "call" }, CancellationToken.None)).Ok();
        var secondCall = (await desk.Conversations.ReceiveContactMessageAsync(new ContactMessage(Ids.Erin, Ids.Support, "Call 2") { Channel = "call" }, CancellationToken.None)).Ok();
        var chat = await desk.QueuedAsync(Frank);
        (await desk.Conversations.TakeAsync(firstCall.Id, Ids.Alice)).Ok();

        (await desk.Conversations.TakeAsync(secondCall.Id, Ids.Alice)).Refused(OperationErrorCode.AtCapacity,
            "Agent 'alice' already serves 1 'call' conversation(s), their limit of 1 for that channel.");
        (await desk.Conversations.TakeAsync(chat.Id, Ids.Alice)).Ok();
        (await desk.Conversations.TakeAsync(secondCall.Id, Ids.Bob)).Ok();
    }

    [Fact]
    public async Task The_queued_alert_leaves_out_agents_at_their_limit_for_the_conversations_channel_only()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        await desk.UpdateAgentAsync(Ids.Alice, a => a with { ChannelCapacity = ImmutableDictionary<string, int>.Empty.Add("call", 1) });
        await desk.ContactAsync(Frank);
        var firstCall = (await desk.Conversations.ReceiveContactMessageAsync(new ContactMessage(Ids.Dave, Ids.Support, "Call 1") { Channel = "call" }, CancellationToken.None)).Ok();
        (await desk.Conversations.TakeAsync(firstCall.Id, Ids.Alice)).Ok();
        desk.Events.Clear();

        // Alice is on her one call: a take of another call would be refused, so she is not alerted to it; a chat she may take.
        var secondCall = (await desk.Conversations.ReceiveContactMessageAsync(new ContactMessage(Ids.Erin, Ids.Support, "Call 2") { Channel = "call" }, CancellationToken.None)).Ok();
        var chat = await desk.QueuedAsync(Frank);

        var alerts = desk.Events.OfType<Omnichannel.Notifications.ConversationQueued>().ToDictionary(e => e.Conversation.Id, e => e.AgentsToAlert);
        Assert.Equal(new[] { Ids.Bob, Ids.Mia }, alerts[secondCall.Id]);
        Assert.Equal(new[] { Ids.Alice, Ids.Bob, Ids.Mia }, alerts[chat.Id]);
        (await desk.Conversations.TakeAsync(secondCall.Id, Ids.Alice)).Refused(OperationErrorCode.AtCapacity, "for that channel");
    }
}
