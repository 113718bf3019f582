using Omnichannel.Agents;
using Omnichannel.Conversations;
using Omnichannel.Core.Tests.TestSupport;
using Omnichannel.Lifecycle;
using Omnichannel.Notifications;
using Omnichannel.Operations;

namespace Omnichannel.Core.Tests.Operations;

/// <summary>"Place Chat On-Hold" (only after the agent's own message) and "Resume".</summary>
public sealed class HoldAndResumeTests
{
    [Fact]
    public async Task Hold_succeeds_when_the_agent_sent_the_last_message()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var answered = await desk.AnsweredAsync(Ids.Alice);
        desk.Events.Clear();

        var onHold = (await desk.Conversations.PlaceOnHoldAsync(answered.Id, Ids.Alice)).Ok();

        Assert.Equal((ConversationState.OnHold, Ids.Alice), (onHold.State, onHold.ServingAgentId!.Value));
        var change = Assert.Single(desk.Events.OfType<ConversationStateChanged>());
        Assert.Equal((ConversationState.Taken, ConversationTrigger.PlaceOnHold, ConversationState.OnHold), (change.From, change.Trigger, change.To));
    }

    [Fact]
    public async Task Hold_fails_when_the_contact_wrote_last()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var answered = await desk.AnsweredAsync(Ids.Alice);
        await desk.Conversations.ReceiveContactMessageAsync(Ids.Dave, Ids.Support, "Still there?");

        (await desk.Conversations.PlaceOnHoldAsync(answered.Id, Ids.Alice)).Refused(OperationErrorCode.GuardNotMet,
            $"Conversation '{answered.Id}' cannot be placed on hold: this requires that the agent sent the last message.");
        Assert.Equal(ConversationState.Taken, (await desk.ReadAsync(answered.Id)).State);
    }

    [Fact]
    public async Task Hold_fails_right_after_the_take_because_the_contact_wrote_last()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var taken = await desk.TakenAsync(Ids.Alice);

        (await desk.Conversations.PlaceOnHoldAsync(taken.Id, Ids.Alice)).Refused(OperationErrorCode.GuardNotMet, "the agent sent the last message");
    }

    [Fact]
    public async Task System_messages_do_not_count_as_the_last_message()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var answered = await desk.AnsweredAsync(Ids.Alice);
        var afterSystem = (await desk.Conversations.PostSystemMessageAsync(answered.Id, "Call ended.")).Ok();

        Assert.Equal(AuthorKind.Agent, afterSystem.LastAuthorKind);
        (await desk.Conversations.PlaceOnHoldAsync(answered.Id, Ids.Alice)).Ok();
    }

    [Fact]
    public async Task System_message_after_the_contacts_does_not_allow_hold()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var taken = await desk.TakenAsync(Ids.Alice);
        await desk.Conversations.PostSystemMessageAsync(taken.Id, "Agent alice joined.");

        (await desk.Conversations.PlaceOnHoldAsync(taken.Id, Ids.Alice)).Refused(OperationErrorCode.GuardNotMet, "the agent sent the last message");
    }

    [Fact]
    public async Task Bot_message_last_does_not_allow_hold()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var answered = await desk.AnsweredAsync(Ids.Alice);
        await desk.Conversations.PostBotMessageAsync(answered.Id, "survey-bot", "Please rate us.");

        (await desk.Conversations.PlaceOnHoldAsync(answered.Id, Ids.Alice)).Refused(OperationErrorCode.GuardNotMet, "the agent sent the last message");
    }

    [Fact]
    public async Task Hold_by_another_agent_is_refused_but_a_manager_may()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var answered = await desk.AnsweredAsync(Ids.Alice);

        (await desk.Conversations.PlaceOnHoldAsync(answered.Id, Ids.Bob)).Refused(OperationErrorCode.NotServingAgent, "Agent 'bob'", $"conversation '{answered.Id}'", "served by agent 'alice'");
        (await desk.Conversations.PlaceOnHoldAsync(answered.Id, Ids.Mia)).Ok();
    }

    [Fact]
    public async Task Hold_needs_the_permission()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var answered = await desk.AnsweredAsync(Ids.Alice);
        await desk.UpdateAgentAsync(Ids.Alice, a => a with { Permissions = AgentPermissions.DefaultAgent & ~AgentPermissions.PlaceOnHold });

        (await desk.Conversations.PlaceOnHoldAsync(answered.Id, Ids.Alice)).Refused(OperationErrorCode.NotPermitted, "Agent 'alice' lacks the PlaceOnHold permission.");
        (await desk.Conversations.ResumeAsync(answered.Id, Ids.Alice)).Refused(OperationErrorCode.NotPermitted, "Agent 'alice' lacks the PlaceOnHold permission.");
    }

    [Fact]
    public async Task Hold_of_a_queued_or_on_hold_conversation_is_refused()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var queued = await desk.QueuedAsync(Ids.Erin);
        var onHold = await desk.OnHoldAsync(Ids.Alice, Ids.Dave);

        (await desk.Conversations.PlaceOnHoldAsync(queued.Id, Ids.Mia)).Refused(OperationErrorCode.InvalidTransition, $"Conversation '{queued.Id}' cannot be placed on hold while it is Queued.");
        (await desk.Conversations.PlaceOnHoldAsync(onHold.Id, Ids.Alice)).Refused(OperationErrorCode.InvalidTransition, "while it is OnHold");
    }

    [Fact]
    public async Task Resume_by_the_agent_serves_it_again()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var onHold = await desk.OnHoldAsync(Ids.Alice);
        desk.Events.Clear();

        var resumed = (await desk.Conversations.ResumeAsync(onHold.Id, Ids.Alice)).Ok();

        Assert.Equal((ConversationState.Taken, Ids.Alice), (resumed.State, resumed.ServingAgentId!.Value));
        var change = Assert.Single(desk.Events.OfType<ConversationStateChanged>());
        Assert.Equal((ConversationState.OnHold, ConversationTrigger.Resume, ConversationState.Taken, Actor.Agent(Ids.Alice)), (change.From, change.Trigger, change.To, change.Actor));
    }

    [Fact]
    public async Task Resume_by_a_manager_makes_the_manager_serve_it()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var onHold = await desk.OnHoldAsync(Ids.Alice);

        var resumed = (await desk.Conversations.ResumeAsync(onHold.Id, Ids.Mia)).Ok();

        Assert.Equal((Ids.Mia, Ids.Alice), (resumed.ServingAgentId!.Value, resumed.PreviousAgentId!.Value));
    }

    [Fact]
    public async Task Resume_by_another_agent_is_refused()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var onHold = await desk.OnHoldAsync(Ids.Alice);

        (await desk.Conversations.ResumeAsync(onHold.Id, Ids.Bob)).Refused(OperationErrorCode.NotServingAgent, "Agent 'bob'", "served by agent 'alice'");
    }

    [Theory]
    [InlineData(AgentStatus.Away)]
    [InlineData(AgentStatus.Offline)]
    public async Task Resume_needs_an_available_agent(AgentStatus status)
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var onHold = await desk.OnHoldAsync(Ids.Alice);
        await desk.Agents.SetStatusAsync(Ids.Alice, status);

        (await desk.Conversations.ResumeAsync(onHold.Id, Ids.Alice)).Refused(OperationErrorCode.AgentNotAvailable,
            $"Agent 'alice' is {status}; only an Available agent can resume conversation '{onHold.Id}'.");
    }

    [Fact]
    public async Task Resume_fails_when_the_agent_is_at_capacity()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        await desk.UpdateAgentAsync(Ids.Alice, a => a with { MaxSimultaneousConversations = 1 });
        var onHold = await desk.OnHoldAsync(Ids.Alice, Ids.Dave);
        await desk.TakenAsync(Ids.Alice, Ids.Erin);

        (await desk.Conversations.ResumeAsync(onHold.Id, Ids.Alice)).Refused(OperationErrorCode.AtCapacity, "Agent 'alice' already serves 1 conversation(s), their limit of 1.");
        Assert.Equal(ConversationState.OnHold, (await desk.ReadAsync(onHold.Id)).State);
    }

    [Fact]
    public async Task Resume_of_a_conversation_that_is_not_on_hold_is_refused()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var taken = await desk.TakenAsync(Ids.Alice);

        (await desk.Conversations.ResumeAsync(taken.Id, Ids.Alice)).Refused(OperationErrorCode.InvalidTransition, $"Conversation '{taken.Id}' cannot be resumed while it is Taken.");
    }

    [Fact]
    public async Task Agents_cannot_write_to_an_on_hold_conversation_before_resuming()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var onHold = await desk.OnHoldAsync(Ids.Alice);

        (await desk.Conversations.PostAgentMessageAsync(onHold.Id, Ids.Alice, "Back!")).Refused(OperationErrorCode.InvalidTransition,
            $"Conversation '{onHold.Id}' is on hold; resume it before writing.");
    }
}
