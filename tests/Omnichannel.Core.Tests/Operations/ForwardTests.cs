using NodaTime;
using Omnichannel.Agents;
using Omnichannel.Conversations;
using Omnichannel.Core.Tests.TestSupport;
using Omnichannel.Lifecycle;
using Omnichannel.Notifications;
using Omnichannel.Operations;
using Omnichannel.Storage;

namespace Omnichannel.Core.Tests.Operations;

/// <summary>Forwarding to an agent or a department: success, each failure reason, and each refusal.</summary>
public sealed class ForwardTests
{
    [Fact]
    public async Task Forward_to_an_agent_hands_the_conversation_over_and_records_the_transfer()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var taken = await desk.AnsweredAsync(Ids.Alice);
        desk.Clock.Advance(Duration.FromMinutes(1));
        desk.Events.Clear();

        var result = (await desk.Conversations.ForwardAsync(taken.Id, Ids.Alice, ForwardTarget.ToAgent(Ids.Bob), "Invoice 42 is doubled")).Ok();

        Assert.True(result.Succeeded);
        Assert.Null(result.FailureReason);
        Assert.Equal($"Conversation '{taken.Id}' was forwarded to agent 'bob'.", result.Message);
        var forwarded = result.Conversation;
        Assert.Equal((ConversationState.Taken, Ids.Bob, Ids.Alice), (forwarded.State, forwarded.ServingAgentId!.Value, forwarded.PreviousAgentId!.Value));
        Assert.Null(forwarded.PendingForward);
        Assert.Equal(forwarded, await desk.ReadAsync(taken.Id));
        Assert.Equal(new TransferRecord(Ids.Alice, Ids.Support, ForwardTarget.ToAgent(Ids.Bob), "Invoice 42 is doubled", desk.Clock.GetCurrentInstant(), null), Assert.Single(forwarded.Transfers));

        var transitions = desk.Events.OfType<ConversationStateChanged>();
        Assert.Equal(
            new[] { (ConversationState.Taken, ConversationTrigger.Forward, ConversationState.Forwarded), (ConversationState.Forwarded, ConversationTrigger.CompleteForwardToAgent, ConversationState.Taken) },
            transitions.Select(t => (t.From, t.Trigger, t.To)));
        Assert.Equal(result, Assert.Single(desk.Events.OfType<ForwardCompleted>()).Result);
    }

    [Fact]
    public async Task Forward_to_an_agent_of_another_department_moves_the_conversation_there()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var taken = await desk.TakenAsync(Ids.Alice);

        var result = (await desk.Conversations.ForwardAsync(taken.Id, Ids.Alice, ForwardTarget.ToAgent(Ids.Sam))).Ok();

        Assert.True(result.Succeeded, result.Message);
        Assert.Equal((Ids.Sales, Ids.Sam), (result.Conversation.DepartmentId, result.Conversation.ServingAgentId!.Value));
        Assert.Equal(Ids.Support, Assert.Single(result.Conversation.Transfers).FromDepartmentId);
    }

    [Fact]
    public async Task Forward_to_a_department_queues_the_conversation_there()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var taken = await desk.TakenAsync(Ids.Alice);
        desk.Clock.Advance(Duration.FromMinutes(1));
        desk.Events.Clear();

        var result = (await desk.Conversations.ForwardAsync(taken.Id, Ids.Alice, ForwardTarget.ToDepartment(Ids.Sales), "Wants a quote")).Ok();

        Assert.True(result.Succeeded, result.Message);
        Assert.Equal($"Conversation '{taken.Id}' was forwarded to department 'sales'.", result.Message);
        var queued = result.Conversation;
        Assert.Equal((ConversationState.Queued, Ids.Sales), (queued.State, queued.DepartmentId));
        Assert.Null(queued.ServingAgentId);
        Assert.Equal(Ids.Alice, queued.PreviousAgentId);
        Assert.Equal(desk.Clock.GetCurrentInstant(), queued.QueuedAt);
        Assert.Equal("Wants a quote", Assert.Single(queued.Transfers).Comment);
        Assert.Equal(ConversationTrigger.CompleteForwardToDepartment, desk.Events.OfType<ConversationStateChanged>()[^1].Trigger);
        Assert.Equal(new[] { Ids.Sam }, Assert.Single(desk.Events.OfType<ConversationQueued>()).AgentsToAlert);
        Assert.Equal(new[] { queued.Id }, (await desk.Conversations.ListQueuedAsync(Ids.Sam)).Ok().Select(c => c.Id));
    }

    [Theory]
    [InlineData(AgentStatus.Away)]
    [InlineData(AgentStatus.Offline)]
    public async Task Forward_fails_back_when_the_target_agent_is_not_available(AgentStatus status)
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        await desk.Agents.SetStatusAsync(Ids.Bob, status);

        await AssertForwardFailsBackAsync(desk, ForwardTarget.ToAgent(Ids.Bob), ForwardFailureReason.TargetOffline, "agent 'bob' is not available");
    }

    [Fact]
    public async Task Forward_fails_back_when_the_target_agent_is_at_capacity()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        await desk.UpdateAgentAsync(Ids.Bob, a => a with { MaxSimultaneousConversations = 1 });
        await desk.TakenAsync(Ids.Bob, Ids.Erin);

        await AssertForwardFailsBackAsync(desk, ForwardTarget.ToAgent(Ids.Bob), ForwardFailureReason.TargetAtCapacity, "agent 'bob' serves as many conversations as allowed");
    }

    [Fact]
    public async Task Forward_fails_back_when_the_target_agent_is_at_the_department_limit()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        await desk.UpdateDepartmentAsync(Ids.Support, d => d with { MaxChatsPerAgent = 1 });
        await desk.TakenAsync(Ids.Bob, Ids.Erin);

        await AssertForwardFailsBackAsync(desk, ForwardTarget.ToAgent(Ids.Bob), ForwardFailureReason.TargetAtCapacity, "agent 'bob'");
    }

    [Fact]
    public async Task Forward_fails_back_when_the_target_is_not_an_omnichannel_agent()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        await desk.AgentAsync(new AgentId("u-1"), [Ids.Support], a => a with { Username = "ursula", Roles = AgentRoles.None });

        await AssertForwardFailsBackAsync(desk, ForwardTarget.ToAgent(new AgentId("u-1")), ForwardFailureReason.NotAllowed, "is not allowed");
    }

    [Fact]
    public async Task Forward_fails_back_when_the_department_may_not_forward_to_the_target_department()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var billing = new DepartmentId("billing");
        await desk.DepartmentAsync(billing);
        await desk.UpdateDepartmentAsync(Ids.Support, d => d with { ForwardTargets = [billing] });

        await AssertForwardFailsBackAsync(desk, ForwardTarget.ToDepartment(Ids.Sales), ForwardFailureReason.NotAllowed,
            "forwarding from department 'support' to department 'sales' is not allowed");
    }

    [Fact]
    public async Task Forward_fails_back_when_the_target_agent_serves_only_departments_it_may_not_go_to()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var billing = new DepartmentId("billing");
        await desk.DepartmentAsync(billing);
        await desk.UpdateDepartmentAsync(Ids.Support, d => d with { ForwardTargets = [billing] });

        await AssertForwardFailsBackAsync(desk, ForwardTarget.ToAgent(Ids.Sam), ForwardFailureReason.NotAllowed, "agent 'sam'");
    }

    [Fact]
    public async Task Forward_to_a_department_fails_back_when_the_contact_already_has_an_open_conversation_there()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        await desk.QueuedAsync(Ids.Dave, Ids.Sales);

        await AssertForwardFailsBackAsync(desk, ForwardTarget.ToDepartment(Ids.Sales), ForwardFailureReason.NotAllowed, "already has an open conversation there");
    }

    [Fact]
    public async Task Forward_to_an_agent_of_another_department_fails_back_when_the_contact_already_has_an_open_conversation_there()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var salesConversation = await desk.QueuedAsync(Ids.Dave, Ids.Sales);

        await AssertForwardFailsBackAsync(desk, ForwardTarget.ToAgent(Ids.Sam), ForwardFailureReason.NotAllowed, "already has an open conversation there");
        Assert.Equal(ConversationState.Queued, (await desk.ReadAsync(salesConversation.Id)).State);
    }

    [Fact]
    public async Task Forward_fails_back_when_the_target_agent_is_the_forwarder()
    {
        using var desk = await OmnichannelHarness.CreateAsync();

        await AssertForwardFailsBackAsync(desk, ForwardTarget.ToAgent(Ids.Alice), ForwardFailureReason.SameAsSource, "agent 'alice' is where it already is");
    }

    [Fact]
    public async Task Forward_fails_back_when_the_target_department_is_the_conversations_own()
    {
        using var desk = await OmnichannelHarness.CreateAsync();

        await AssertForwardFailsBackAsync(desk, ForwardTarget.ToDepartment(Ids.Support), ForwardFailureReason.SameAsSource, "department 'support' is where it already is");
    }

    [Fact]
    public async Task Forward_fails_back_when_the_target_agent_does_not_exist()
    {
        using var desk = await OmnichannelHarness.CreateAsync();

        await AssertForwardFailsBackAsync(desk, ForwardTarget.ToAgent(new AgentId("ghost")), ForwardFailureReason.Unknown, "agent 'ghost' does not exist");
    }

    [Fact]
    public async Task Forward_fails_back_when_the_target_department_does_not_exist()
    {
        using var desk = await OmnichannelHarness.CreateAsync();

        await AssertForwardFailsBackAsync(desk, ForwardTarget.ToDepartment(new DepartmentId("nowhere")), ForwardFailureReason.Unknown, "department 'nowhere' does not exist");
    }

    [Fact]
    public async Task Forward_by_a_manager_fails_back_to_the_agent_who_served_it()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var taken = await desk.TakenAsync(Ids.Alice);
        await desk.Agents.SetStatusAsync(Ids.Bob, AgentStatus.Away);

        var result = (await desk.Conversations.ForwardAsync(taken.Id, Ids.Mia, ForwardTarget.ToAgent(Ids.Bob))).Ok();

        Assert.Equal(ForwardFailureReason.TargetOffline, result.FailureReason);
        Assert.Equal(Ids.Alice, result.Conversation.ServingAgentId);
        Assert.Equal(Ids.Alice, result.Conversation.Transfers[^1].FromAgentId);
    }

    [Fact]
    public async Task Failed_forwards_and_then_a_successful_one_are_all_in_the_transfer_history()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var taken = await desk.TakenAsync(Ids.Alice);

        await desk.Conversations.ForwardAsync(taken.Id, Ids.Alice, ForwardTarget.ToAgent(new AgentId("ghost")));
        await desk.Conversations.ForwardAsync(taken.Id, Ids.Alice, ForwardTarget.ToDepartment(Ids.Support));
        var done = (await desk.Conversations.ForwardAsync(taken.Id, Ids.Alice, ForwardTarget.ToAgent(Ids.Bob))).Ok();

        Assert.Equal(new ForwardFailureReason?[] { ForwardFailureReason.Unknown, ForwardFailureReason.SameAsSource, null }, done.Conversation.Transfers.Select(t => t.FailureReason));
        Assert.Equal(3, desk.Events.OfType<ForwardCompleted>().Count);
    }

    [Fact]
    public async Task Forward_without_a_target_is_refused()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var taken = await desk.TakenAsync(Ids.Alice);

        (await desk.Conversations.ForwardAsync(taken.Id, Ids.Alice, default)).Refused(OperationErrorCode.InvalidArgument,
            $"The forward of conversation '{taken.Id}' names no target agent or department.");
    }

    [Fact]
    public async Task Forward_with_a_too_long_comment_is_refused()
    {
        using var desk = await OmnichannelHarness.CreateAsync(o => o.MaxCommentLength = 5);
        var taken = await desk.TakenAsync(Ids.Alice);

        (await desk.Conversations.ForwardAsync(taken.Id, Ids.Alice, ForwardTarget.ToAgent(Ids.Bob), "too long")).Refused(OperationErrorCode.InvalidArgument,
            "The forward comment has 8 characters; at most 5 are accepted.");
        Assert.Equal(Ids.Alice, (await desk.ReadAsync(taken.Id)).ServingAgentId);
    }

    [Fact]
    public async Task Forward_by_an_agent_who_does_not_serve_the_conversation_is_refused()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var taken = await desk.TakenAsync(Ids.Alice);

        (await desk.Conversations.ForwardAsync(taken.Id, Ids.Bob, ForwardTarget.ToDepartment(Ids.Sales))).Refused(OperationErrorCode.NotServingAgent,
            $"Agent 'bob' cannot act on conversation '{taken.Id}': it is served by agent 'alice'");
    }

    [Fact]
    public async Task Forward_needs_the_permission()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        await desk.UpdateAgentAsync(Ids.Alice, a => a with { Permissions = AgentPermissions.DefaultAgent & ~AgentPermissions.ForwardConversation });
        var taken = await desk.TakenAsync(Ids.Alice);

        (await desk.Conversations.ForwardAsync(taken.Id, Ids.Alice, ForwardTarget.ToAgent(Ids.Bob))).Refused(OperationErrorCode.NotPermitted, "Agent 'alice' lacks the ForwardConversation permission.");
    }

    [Fact]
    public async Task On_hold_conversation_cannot_be_forwarded()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        // A queued conversation may be forwarded by a manager since session 9 (QueuedForwardTests).
        var onHold = await desk.OnHoldAsync(Ids.Alice, Ids.Erin);

        (await desk.Conversations.ForwardAsync(onHold.Id, Ids.Alice, ForwardTarget.ToAgent(Ids.Bob))).Refused(OperationErrorCode.InvalidTransition, "while it is OnHold");
    }

    [Fact]
    public async Task Pending_forward_left_by_a_stopped_process_is_resolved_later()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var taken = await desk.TakenAsync(Ids.Alice);
        var pending = new PendingForward(ForwardTarget.ToAgent(Ids.Bob), Ids.Alice, "over to you", desk.Clock.GetCurrentInstant());
        await desk.Store.SaveAsync(new ConversationWrite(taken with { State = ConversationState.Forwarded, PendingForward = pending }), default);
        desk.Events.Clear();

        var result = (await desk.Conversations.ResolvePendingForwardAsync(taken.Id)).Ok();

        Assert.True(result.Succeeded, result.Message);
        Assert.Equal((ConversationState.Taken, Ids.Bob), (result.Conversation.State, result.Conversation.ServingAgentId!.Value));
        Assert.Equal("over to you", Assert.Single(result.Conversation.Transfers).Comment);
        Assert.Equal(result, Assert.Single(desk.Events.OfType<ForwardCompleted>()).Result);
    }

    [Fact]
    public async Task Pending_forward_resolution_can_fail_back_too()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var taken = await desk.TakenAsync(Ids.Alice);
        var pending = new PendingForward(ForwardTarget.ToAgent(Ids.Bob), Ids.Alice, null, desk.Clock.GetCurrentInstant());
        await desk.Store.SaveAsync(new ConversationWrite(taken with { State = ConversationState.Forwarded, PendingForward = pending }), default);
        await desk.Agents.SetStatusAsync(Ids.Bob, AgentStatus.Offline);

        var result = (await desk.Conversations.ResolvePendingForwardAsync(taken.Id)).Ok();

        Assert.Equal(ForwardFailureReason.TargetOffline, result.FailureReason);
        Assert.Equal((ConversationState.Taken, Ids.Alice), (result.Conversation.State, result.Conversation.ServingAgentId!.Value));
    }

    [Fact]
    public async Task Resolving_a_conversation_without_a_pending_forward_is_refused()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var taken = await desk.TakenAsync(Ids.Alice);

        (await desk.Conversations.ResolvePendingForwardAsync(taken.Id)).Refused(OperationErrorCode.InvalidTransition,
            $"Conversation '{taken.Id}' has no pending forward; it is Taken.");
        (await desk.Conversations.ResolvePendingForwardAsync(new ConversationId("missing"))).Refused(OperationErrorCode.NotFound, "Conversation 'missing' does not exist.");
    }

    /// <summary>Alice forwards a conversation she serves; the forward must fail back to her with the reason.</summary>
    private static async Task AssertForwardFailsBackAsync(OmnichannelHarness desk, ForwardTarget target, ForwardFailureReason reason, string why)
    {
        var taken = await desk.TakenAsync(Ids.Alice, Ids.Dave, Ids.Support);
        desk.Clock.Advance(Duration.FromMinutes(1));
        desk.Events.Clear();

        var result = (await desk.Conversations.ForwardAsync(taken.Id, Ids.Alice, target, "please take over")).Ok();

        Assert.False(result.Succeeded);
        Assert.Equal(reason, result.FailureReason);
        Assert.Equal(target, result.Target);
        Assert.Contains($"Conversation '{taken.Id}' was not forwarded", result.Message, StringComparison.Ordinal);
        Assert.Contains(why, result.Message, StringComparison.Ordinal);
        Assert.Contains("It is back with agent 'alice'.", result.Message, StringComparison.Ordinal);

        var stored = await desk.ReadAsync(taken.Id);
        Assert.Equal(result.Conversation, stored);
        Assert.Equal((ConversationState.Taken, Ids.Alice, Ids.Support), (stored.State, stored.ServingAgentId!.Value, stored.DepartmentId));
        Assert.Null(stored.PendingForward);
        Assert.Equal(new TransferRecord(Ids.Alice, Ids.Support, target, "please take over", desk.Clock.GetCurrentInstant(), reason), Assert.Single(stored.Transfers));

        Assert.Equal(
            new[] { (ConversationState.Taken, ConversationTrigger.Forward, ConversationState.Forwarded), (ConversationState.Forwarded, ConversationTrigger.FailForward, ConversationState.Taken) },
            desk.Events.OfType<ConversationStateChanged>().Select(t => (t.From, t.Trigger, t.To)));
        var completed = Assert.Single(desk.Events.OfType<ForwardCompleted>());
        Assert.Equal(result, completed.Result);
        Assert.Empty(desk.Events.OfType<ConversationQueued>());
    }
}
