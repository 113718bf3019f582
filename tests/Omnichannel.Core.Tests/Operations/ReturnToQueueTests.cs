using NodaTime;
using Omnichannel.Agents;
using Omnichannel.Conversations;
using Omnichannel.Core.Tests.TestSupport;
using Omnichannel.Lifecycle;
using Omnichannel.Notifications;
using Omnichannel.Operations;

namespace Omnichannel.Core.Tests.Operations;

/// <summary>"Move to the queue".</summary>
public sealed class ReturnToQueueTests
{
    [Fact]
    public async Task Serving_agent_returns_the_conversation_to_its_department_queue()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var taken = await desk.TakenAsync(Ids.Alice);
        desk.Clock.Advance(Duration.FromMinutes(2));
        desk.Events.Clear();

        var queued = (await desk.Conversations.ReturnToQueueAsync(taken.Id, Actor.Agent(Ids.Alice))).Ok();

        Assert.Equal(ConversationState.Queued, queued.State);
        Assert.Null(queued.ServingAgentId);
        Assert.Equal(Ids.Alice, queued.PreviousAgentId);
        Assert.Equal(desk.Clock.GetCurrentInstant(), queued.QueuedAt);
        Assert.Equal(taken.FirstTakenAt, queued.FirstTakenAt);
        var change = Assert.Single(desk.Events.OfType<ConversationStateChanged>());
        Assert.Equal((ConversationState.Taken, ConversationTrigger.ReturnToQueue, ConversationState.Queued), (change.From, change.Trigger, change.To));
        var alert = Assert.Single(desk.Events.OfType<ConversationQueued>());
        Assert.Contains(Ids.Alice, alert.AgentsToAlert);
        (await desk.Conversations.TakeAsync(taken.Id, Ids.Bob)).Ok();
    }

    [Fact]
    public async Task Manager_of_the_department_or_the_system_may_return_it()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var byManager = await desk.TakenAsync(Ids.Alice, Ids.Dave);
        var bySystem = await desk.TakenAsync(Ids.Bob, Ids.Erin);

        (await desk.Conversations.ReturnToQueueAsync(byManager.Id, Actor.Agent(Ids.Mia))).Ok();
        (await desk.Conversations.ReturnToQueueAsync(bySystem.Id, Actor.System)).Ok();
    }

    [Fact]
    public async Task Another_agent_cannot_return_it()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var taken = await desk.TakenAsync(Ids.Alice);

        (await desk.Conversations.ReturnToQueueAsync(taken.Id, Actor.Agent(Ids.Bob))).Refused(OperationErrorCode.NotServingAgent,
            $"Agent 'bob' cannot act on conversation '{taken.Id}': it is served by agent 'alice'", "do not manage department 'support'");
        Assert.Equal(ConversationState.Taken, (await desk.ReadAsync(taken.Id)).State);
    }

    [Fact]
    public async Task A_contact_cannot_return_it()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var taken = await desk.TakenAsync(Ids.Alice);

        (await desk.Conversations.ReturnToQueueAsync(taken.Id, Actor.Contact(Ids.Dave))).Refused(OperationErrorCode.NotPermitted,
            $"Only an agent or the system can move conversation '{taken.Id}' back to the queue, not contact 'dave'.");
    }

    [Fact]
    public async Task Return_needs_the_permission()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        await desk.UpdateAgentAsync(Ids.Alice, a => a with { Permissions = AgentPermissions.DefaultAgent & ~AgentPermissions.ReturnToQueue });
        var taken = await desk.TakenAsync(Ids.Alice);

        (await desk.Conversations.ReturnToQueueAsync(taken.Id, Actor.Agent(Ids.Alice))).Refused(OperationErrorCode.NotPermitted, "Agent 'alice' lacks the ReturnToQueue permission.");
    }

    [Fact]
    public async Task Only_a_taken_conversation_can_be_returned()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var queued = await desk.QueuedAsync(Ids.Dave);
        var onHold = await desk.OnHoldAsync(Ids.Alice, Ids.Erin);

        (await desk.Conversations.ReturnToQueueAsync(queued.Id, Actor.System)).Refused(OperationErrorCode.InvalidTransition,
            $"Conversation '{queued.Id}' cannot be moved back to the queue while it is Queued.");
        (await desk.Conversations.ReturnToQueueAsync(onHold.Id, Actor.Agent(Ids.Alice))).Refused(OperationErrorCode.InvalidTransition, "while it is OnHold");
    }
}
