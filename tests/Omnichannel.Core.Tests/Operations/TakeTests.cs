using NodaTime;
using Omnichannel.Agents;
using Omnichannel.Conversations;
using Omnichannel.Core.Tests.TestSupport;
using Omnichannel.Lifecycle;
using Omnichannel.Notifications;
using Omnichannel.Operations;

namespace Omnichannel.Core.Tests.Operations;

/// <summary>"Take it" by an agent, and assignment by routing (the same rules, performed by the system).</summary>
public sealed class TakeTests
{
    [Fact]
    public async Task Take_makes_the_agent_serve_the_queued_conversation()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var queued = await desk.QueuedAsync();
        desk.Clock.Advance(Duration.FromSeconds(40));
        desk.Events.Clear();

        var taken = (await desk.Conversations.TakeAsync(queued.Id, Ids.Alice)).Ok();

        Assert.Equal(ConversationState.Taken, taken.State);
        Assert.Equal(Ids.Alice, taken.ServingAgentId);
        Assert.Equal(OmnichannelHarness.Start + Duration.FromSeconds(40), taken.FirstTakenAt);
        Assert.Equal(queued.Version + 1, taken.Version);
        var change = Assert.Single(desk.Events.OfType<ConversationStateChanged>());
        Assert.Equal((ConversationState.Queued, ConversationTrigger.Take, ConversationState.Taken, Actor.Agent(Ids.Alice)), (change.From, change.Trigger, change.To, change.Actor));
    }

    [Fact]
    public async Task Assign_is_a_take_performed_by_the_system()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var queued = await desk.QueuedAsync();
        desk.Events.Clear();

        var assigned = (await desk.Conversations.AssignAsync(queued.Id, Ids.Bob)).Ok();

        Assert.Equal((ConversationState.Taken, Ids.Bob), (assigned.State, assigned.ServingAgentId!.Value));
        Assert.Equal(Actor.System, Assert.Single(desk.Events.OfType<ConversationStateChanged>()).Actor);
    }

    [Fact]
    public async Task Take_fails_when_the_conversation_does_not_exist()
    {
        using var desk = await OmnichannelHarness.CreateAsync();

        (await desk.Conversations.TakeAsync(new ConversationId("missing"), Ids.Alice)).Refused(OperationErrorCode.NotFound, "Conversation 'missing' does not exist.");
    }

    [Fact]
    public async Task Take_fails_for_an_unknown_agent()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var queued = await desk.QueuedAsync();

        (await desk.Conversations.TakeAsync(queued.Id, new AgentId("ghost"))).Refused(OperationErrorCode.NotFound, "Agent 'ghost' does not exist.");
    }

    [Fact]
    public async Task Take_fails_for_a_user_who_is_not_an_omnichannel_agent()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var user = await desk.AgentAsync(new AgentId("u-7"), [Ids.Support], a => a with { Username = "ursula", Roles = AgentRoles.None });
        var queued = await desk.QueuedAsync();

        (await desk.Conversations.TakeAsync(queued.Id, user.Id)).Refused(OperationErrorCode.NotPermitted, "User 'ursula' (u-7) is not an omnichannel agent or manager.");
    }

    [Fact]
    public async Task Take_fails_without_the_take_permission()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        await desk.UpdateAgentAsync(Ids.Alice, a => a with { Permissions = AgentPermissions.DefaultAgent & ~AgentPermissions.TakeConversation });
        var queued = await desk.QueuedAsync();

        (await desk.Conversations.TakeAsync(queued.Id, Ids.Alice)).Refused(OperationErrorCode.NotPermitted, "Agent 'alice' lacks the TakeConversation permission.");
    }

    [Fact]
    public async Task Take_fails_for_an_agent_of_another_department()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var queued = await desk.QueuedAsync(Ids.Dave, Ids.Support);

        (await desk.Conversations.TakeAsync(queued.Id, Ids.Sam)).Refused(OperationErrorCode.NotDepartmentMember,
            "Agent 'sam' does not belong to department 'support'", $"conversation '{queued.Id}'");
        Assert.Equal(ConversationState.Queued, (await desk.ReadAsync(queued.Id)).State);
    }

    [Theory]
    [InlineData(AgentStatus.Away)]
    [InlineData(AgentStatus.Offline)]
    public async Task Take_fails_when_the_agent_is_not_available(AgentStatus status)
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        await desk.Agents.SetStatusAsync(Ids.Alice, status);
        var queued = await desk.QueuedAsync();

        (await desk.Conversations.TakeAsync(queued.Id, Ids.Alice)).Refused(OperationErrorCode.AgentNotAvailable,
            $"Agent 'alice' is {status}", $"conversation '{queued.Id}'");
    }

    [Fact]
    public async Task Take_fails_when_another_agent_took_it_first_and_names_them()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var taken = await desk.TakenAsync(Ids.Alice);

        (await desk.Conversations.TakeAsync(taken.Id, Ids.Bob)).Refused(OperationErrorCode.AlreadyTaken,
            $"Conversation '{taken.Id}' was already taken by agent 'alice'.");
        Assert.Equal(Ids.Alice, (await desk.ReadAsync(taken.Id)).ServingAgentId);
    }

    [Fact]
    public async Task Take_of_a_conversation_one_already_serves_says_so()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var taken = await desk.TakenAsync(Ids.Alice);

        (await desk.Conversations.TakeAsync(taken.Id, Ids.Alice)).Refused(OperationErrorCode.AlreadyTaken, "already taken by agent 'alice' (you)");
    }

    [Fact]
    public async Task Take_fails_when_agent_is_at_capacity()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        await desk.UpdateAgentAsync(Ids.Alice, a => a with { MaxSimultaneousConversations = 2 });
        await desk.TakenAsync(Ids.Alice, Ids.Dave, Ids.Support);
        await desk.TakenAsync(Ids.Alice, Ids.Erin, Ids.Support);
        var third = await desk.QueuedAsync(await desk.ContactAsync(new ContactId("frank")));

        (await desk.Conversations.TakeAsync(third.Id, Ids.Alice)).Refused(OperationErrorCode.AtCapacity, "Agent 'alice' already serves 2 conversation(s), their limit of 2.");
        Assert.Equal(ConversationState.Queued, (await desk.ReadAsync(third.Id)).State);
        (await desk.Conversations.TakeAsync(third.Id, Ids.Bob)).Ok();
    }

    [Fact]
    public async Task Take_fails_when_agent_is_at_the_department_limit_but_not_in_other_departments()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        await desk.UpdateDepartmentAsync(Ids.Support, d => d with { MaxChatsPerAgent = 1 });
        await desk.UpdateAgentAsync(Ids.Alice, a => a with { Departments = [Ids.Support, Ids.Sales] });
        await desk.TakenAsync(Ids.Alice, Ids.Dave, Ids.Support);
        var secondSupport = await desk.QueuedAsync(Ids.Erin, Ids.Support);
        var sales = await desk.QueuedAsync(Ids.Erin, Ids.Sales);

        (await desk.Conversations.TakeAsync(secondSupport.Id, Ids.Alice)).Refused(OperationErrorCode.AtCapacity,
            "Agent 'alice' already serves 1 conversation(s) of department 'support', its limit of 1 per agent.");
        (await desk.Conversations.TakeAsync(sales.Id, Ids.Alice)).Ok();
    }

    [Fact]
    public async Task On_hold_conversations_free_capacity_unless_configured_to_count()
    {
        using var free = await OmnichannelHarness.CreateAsync();
        using var counted = await OmnichannelHarness.CreateAsync(o => o.CountOnHoldTowardCapacity = true);
        foreach (var desk in new[] { free, counted })
        {
            await desk.UpdateAgentAsync(Ids.Alice, a => a with { MaxSimultaneousConversations = 1 });
            await desk.OnHoldAsync(Ids.Alice, Ids.Dave);
        }

        (await free.Conversations.TakeAsync((await free.QueuedAsync(Ids.Erin)).Id, Ids.Alice)).Ok();
        (await counted.Conversations.TakeAsync((await counted.QueuedAsync(Ids.Erin)).Id, Ids.Alice)).Refused(OperationErrorCode.AtCapacity, "their limit of 1");
    }

    [Fact]
    public async Task Closed_conversation_cannot_be_taken()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var closed = (await desk.Conversations.CloseAsync((await desk.QueuedAsync()).Id, Actor.System)).Ok();

        (await desk.Conversations.TakeAsync(closed.Id, Ids.Alice)).Refused(OperationErrorCode.ConversationClosed,
            $"Conversation '{closed.Id}' is closed and cannot be taken; closed is final.");
    }

    [Fact]
    public async Task On_hold_conversation_cannot_be_taken_by_someone_else()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var onHold = await desk.OnHoldAsync(Ids.Alice);

        (await desk.Conversations.TakeAsync(onHold.Id, Ids.Bob)).Refused(OperationErrorCode.InvalidTransition,
            $"Conversation '{onHold.Id}' cannot be taken while it is OnHold.");
    }

    [Fact]
    public async Task Assign_applies_the_same_refusals_as_take()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var queued = await desk.QueuedAsync();
        await desk.Agents.SetStatusAsync(Ids.Bob, AgentStatus.Away);

        (await desk.Conversations.AssignAsync(queued.Id, Ids.Bob)).Refused(OperationErrorCode.AgentNotAvailable, "Agent 'bob' is Away");
        (await desk.Conversations.AssignAsync(queued.Id, Ids.Sam)).Refused(OperationErrorCode.NotDepartmentMember, "Agent 'sam'");
        (await desk.Conversations.AssignAsync(queued.Id, Ids.Alice)).Ok();
        (await desk.Conversations.AssignAsync(queued.Id, Ids.Mia)).Refused(OperationErrorCode.AlreadyTaken, "already taken by agent 'alice'");
    }
}
