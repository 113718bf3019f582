using NodaTime;
using Omnichannel.Agents;
using Omnichannel.Conversations;
using Omnichannel.Core.Tests.TestSupport;
using Omnichannel.Operations;

namespace Omnichannel.Core.Tests.Operations;

/// <summary>"Queued Chats": listing and previewing what waits in the agent's departments.</summary>
public sealed class QueueTests
{
    [Fact]
    public async Task Queue_lists_the_queued_conversations_of_the_agents_departments_oldest_first()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        await desk.UpdateAgentAsync(Ids.Alice, a => a with { Departments = [Ids.Support, Ids.Sales] });
        var first = await desk.QueuedAsync(Ids.Erin, Ids.Sales);
        desk.Clock.Advance(Duration.FromSeconds(1));
        var second = await desk.QueuedAsync(Ids.Dave, Ids.Support);
        desk.Clock.Advance(Duration.FromSeconds(1));
        var taken = await desk.TakenAsync(Ids.Bob, Ids.Erin, Ids.Support);

        var aliceQueue = (await desk.Conversations.ListQueuedAsync(Ids.Alice)).Ok();
        var bobQueue = (await desk.Conversations.ListQueuedAsync(Ids.Bob)).Ok();

        Assert.Equal(new[] { first.Id, second.Id }, aliceQueue.Select(c => c.Id));
        Assert.Equal(new[] { second.Id }, bobQueue.Select(c => c.Id));
        Assert.DoesNotContain(taken.Id, aliceQueue.Select(c => c.Id));
    }

    [Fact]
    public async Task A_conversation_returned_to_the_queue_goes_behind_those_already_waiting()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var returned = await desk.TakenAsync(Ids.Alice, Ids.Dave);
        desk.Clock.Advance(Duration.FromSeconds(1));
        var waiting = await desk.QueuedAsync(Ids.Erin);
        desk.Clock.Advance(Duration.FromSeconds(1));
        (await desk.Conversations.ReturnToQueueAsync(returned.Id, Actor.Agent(Ids.Alice))).Ok();

        var queue = (await desk.Conversations.ListQueuedAsync(Ids.Bob)).Ok();

        Assert.Equal(new[] { waiting.Id, returned.Id }, queue.Select(c => c.Id));
    }

    [Fact]
    public async Task Queue_is_refused_to_unknown_agents_non_agents_and_agents_without_the_permission()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        await desk.AgentAsync(new AgentId("u-1"), [Ids.Support], a => a with { Username = "ursula", Roles = AgentRoles.None });
        await desk.UpdateAgentAsync(Ids.Bob, a => a with { Permissions = AgentPermissions.DefaultAgent & ~AgentPermissions.ViewQueue });

        (await desk.Conversations.ListQueuedAsync(new AgentId("ghost"))).Refused(OperationErrorCode.NotFound, "Agent 'ghost' does not exist.");
        (await desk.Conversations.ListQueuedAsync(new AgentId("u-1"))).Refused(OperationErrorCode.NotPermitted, "User 'ursula' (u-1) is not an omnichannel agent or manager.");
        (await desk.Conversations.ListQueuedAsync(Ids.Bob)).Refused(OperationErrorCode.NotPermitted, "Agent 'bob' lacks the ViewQueue permission.");
    }

    [Fact]
    public async Task Preview_shows_a_queued_conversation_without_taking_it()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var queued = await desk.QueuedAsync();
        desk.Events.Clear();

        var preview = (await desk.Conversations.PreviewAsync(queued.Id, Ids.Bob)).Ok();

        Assert.Equal(queued, preview);
        Assert.Equal(queued, await desk.ReadAsync(queued.Id));
        Assert.Empty(desk.Events.Events);
    }

    [Fact]
    public async Task Preview_is_refused_outside_the_agents_departments()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var queued = await desk.QueuedAsync(Ids.Dave, Ids.Support);

        (await desk.Conversations.PreviewAsync(queued.Id, Ids.Sam)).Refused(OperationErrorCode.NotDepartmentMember,
            "Agent 'sam' does not belong to department 'support'", $"conversation '{queued.Id}'");
    }

    [Fact]
    public async Task Preview_of_an_unknown_conversation_or_by_an_unknown_agent_is_refused()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var queued = await desk.QueuedAsync();

        (await desk.Conversations.PreviewAsync(new ConversationId("missing"), Ids.Bob)).Refused(OperationErrorCode.NotFound, "Conversation 'missing' does not exist.");
        (await desk.Conversations.PreviewAsync(queued.Id, new AgentId("ghost"))).Refused(OperationErrorCode.NotFound, "Agent 'ghost' does not exist.");
    }
}
