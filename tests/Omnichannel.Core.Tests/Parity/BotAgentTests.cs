using Omnichannel.Agents;
using Omnichannel.Conversations;
using Omnichannel.Core.Tests.TestSupport;
using Omnichannel.Operations;

namespace Omnichannel.Core.Tests.Parity;

/// <summary>Bot agents (issue 15): no capacity limit; they hand over by forwarding or moving to the queue.</summary>
public sealed class BotAgentTests
{
    private static readonly AgentId Bot = new("rocket-bot");

    private static async Task<OmnichannelHarness> DeskWithBotAsync(Action<Omnichannel.DependencyInjection.OmnichannelOptions>? configure = null)
    {
        var desk = await OmnichannelHarness.CreateAsync(configure);
        await desk.AgentAsync(Bot, [Ids.Support], a => a with { IsBot = true, MaxSimultaneousConversations = 1 });
        await desk.UpdateDepartmentAsync(Ids.Support, d => d with { MaxChatsPerAgent = 1 });
        return desk;
    }

    [Fact]
    public async Task A_bot_has_no_capacity_limit()
    {
        using var desk = await DeskWithBotAsync(o => o.MaxConversationsPerAgent = 1);

        for (var i = 0; i < 5; i++)
        {
            var contact = await desk.ContactAsync(new ContactId($"visitor-{i}"));
            var queued = await desk.QueuedAsync(contact);
            (await desk.Conversations.TakeAsync(queued.Id, Bot)).Ok();
        }

        Assert.Equal(5, (await desk.Store.QueryAsync(new Omnichannel.Conversations.ConversationQuery { ServingAgentId = Bot }, CancellationToken.None)).Count);
    }

    [Fact]
    public async Task A_bot_hands_over_to_a_person_by_forwarding()
    {
        using var desk = await DeskWithBotAsync();
        var taken = await desk.TakenAsync(Bot);
        (await desk.Conversations.PostAgentMessageAsync(taken.Id, Bot, "Let me find you a person.")).Ok();

        var forward = (await desk.Conversations.ForwardAsync(taken.Id, Bot, ForwardTarget.ToAgent(Ids.Alice), "Needs a human")).Ok();

        Assert.Null(forward.FailureReason);
        Assert.Equal(Ids.Alice, forward.Conversation.ServingAgentId);
    }

    [Fact]
    public async Task A_bot_hands_over_by_moving_the_conversation_to_the_queue()
    {
        using var desk = await DeskWithBotAsync();
        var taken = await desk.TakenAsync(Bot);

        var queued = (await desk.Conversations.ReturnToQueueAsync(taken.Id, Actor.Agent(Bot))).Ok();

        Assert.Equal((ConversationState.Queued, (AgentId?)null, (AgentId?)Bot), (queued.State, queued.ServingAgentId, queued.PreviousAgentId));
        (await desk.Conversations.TakeAsync(queued.Id, Ids.Alice)).Ok();
    }

    [Fact]
    public async Task A_bot_is_an_online_agent_for_the_offline_rule()
    {
        using var desk = await DeskWithBotAsync();
        foreach (var person in new[] { Ids.Alice, Ids.Bob, Ids.Mia })
        {
            await desk.UpdateAgentAsync(person, a => a with { Status = AgentStatus.Offline });
        }

        (await desk.Conversations.ReceiveContactMessageAsync(Ids.Dave, Ids.Support, "Hi")).Ok();
    }
}
