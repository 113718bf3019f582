using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;
using Omnichannel.Agents;
using Omnichannel.Conversations;
using Omnichannel.Core.Tests.TestSupport;
using Omnichannel.Lifecycle;
using Omnichannel.Notifications;
using Omnichannel.Operations;

namespace Omnichannel.Core.Tests.Operations;

/// <summary>
/// Forwarding a conversation nobody serves yet (the anchor's livechat/room.forward on a queued room): a manager of its
/// department moves it to another department's queue or hands it to an agent; a failure leaves it in its own queue.
/// </summary>
public sealed class QueuedForwardTests
{
    [Fact]
    public async Task Manager_forwards_a_queued_conversation_to_another_departments_queue()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var queued = await desk.QueuedAsync(Ids.Dave);
        desk.Clock.Advance(Duration.FromMinutes(2));
        desk.Events.Clear();

        var result = (await desk.Conversations.ForwardAsync(queued.Id, Ids.Mia, ForwardTarget.ToDepartment(Ids.Sales), "Wants a quote")).Ok();

        Assert.True(result.Succeeded, result.Message);
        var moved = result.Conversation;
        Assert.Equal((ConversationState.Queued, Ids.Sales, (AgentId?)null), (moved.State, moved.DepartmentId, moved.ServingAgentId));
        Assert.Null(moved.PreviousAgentId);
        Assert.Null(moved.PendingForward);
        Assert.Equal(desk.Clock.GetCurrentInstant(), moved.QueuedAt);
        Assert.Equal(new TransferRecord(Ids.Mia, Ids.Support, ForwardTarget.ToDepartment(Ids.Sales), "Wants a quote", desk.Clock.GetCurrentInstant(), null), Assert.Single(moved.Transfers));
        Assert.Equal(
            new[] { (ConversationState.Queued, ConversationTrigger.Forward, ConversationState.Forwarded), (ConversationState.Forwarded, ConversationTrigger.CompleteForwardToDepartment, ConversationState.Queued) },
            desk.Events.OfType<ConversationStateChanged>().Select(t => (t.From, t.Trigger, t.To)));
        Assert.Equal(result, Assert.Single(desk.Events.OfType<ForwardCompleted>()).Result);
        Assert.Equal(new[] { moved.Id }, (await desk.Conversations.ListQueuedAsync(Ids.Sam)).Ok().Select(c => c.Id));
        var notice = (await desk.MessagesAsync(moved.Id))[^1];
        Assert.Equal((AuthorKind.System, SystemMessageSources.Forward), (notice.AuthorKind, notice.AuthorId));
        Assert.Contains("forwarded the conversation to department sales. Comment: Wants a quote", notice.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Manager_forwards_a_queued_conversation_straight_to_an_agent()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var queued = await desk.QueuedAsync(Ids.Dave);
        desk.Events.Clear();

        var result = (await desk.Conversations.ForwardAsync(queued.Id, Ids.Mia, ForwardTarget.ToAgent(Ids.Sam))).Ok();

        Assert.True(result.Succeeded, result.Message);
        Assert.Equal((ConversationState.Taken, Ids.Sales, Ids.Sam), (result.Conversation.State, result.Conversation.DepartmentId, result.Conversation.ServingAgentId!.Value));
        Assert.Equal(ConversationTrigger.CompleteForwardToAgent, desk.Events.OfType<ConversationStateChanged>()[^1].Trigger);
        Assert.Empty((await desk.Conversations.ListQueuedAsync(Ids.Alice)).Ok());
        Assert.Contains("forwarded the conversation to sam (sales).", (await desk.MessagesAsync(queued.Id))[^1].Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Manager_may_hand_a_queued_conversation_to_themselves()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var queued = await desk.QueuedAsync(Ids.Dave);

        var result = (await desk.Conversations.ForwardAsync(queued.Id, Ids.Mia, ForwardTarget.ToAgent(Ids.Mia))).Ok();

        Assert.True(result.Succeeded, result.Message);
        Assert.Equal(Ids.Mia, result.Conversation.ServingAgentId);
    }

    [Fact]
    public async Task Failed_forward_of_a_queued_conversation_leaves_it_in_its_queue_at_its_place()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var queued = await desk.QueuedAsync(Ids.Dave);
        await desk.UpdateAgentAsync(Ids.Sam, a => a with { Status = AgentStatus.Away });
        desk.Clock.Advance(Duration.FromMinutes(3));
        desk.Events.Clear();

        var result = (await desk.Conversations.ForwardAsync(queued.Id, Ids.Mia, ForwardTarget.ToAgent(Ids.Sam))).Ok();

        Assert.Equal(ForwardFailureReason.TargetOffline, result.FailureReason);
        Assert.Equal($"Conversation '{queued.Id}' was not forwarded: agent 'sam' is not available. It stays in the queue of department 'support'.", result.Message);
        var stored = await desk.ReadAsync(queued.Id);
        Assert.Equal((ConversationState.Queued, Ids.Support, (AgentId?)null, queued.QueuedAt), (stored.State, stored.DepartmentId, stored.ServingAgentId, stored.QueuedAt));
        Assert.Null(stored.PendingForward);
        Assert.Equal(ForwardFailureReason.TargetOffline, Assert.Single(stored.Transfers).FailureReason);
        Assert.Equal(ConversationTrigger.FailForwardToQueue, desk.Events.OfType<ConversationStateChanged>()[^1].Trigger);
        Assert.Equal(new[] { queued.Id }, (await desk.Conversations.ListQueuedAsync(Ids.Alice)).Ok().Select(c => c.Id));
    }

    [Fact]
    public async Task Forward_of_a_queued_conversation_to_its_own_department_fails_and_it_stays_queued()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var queued = await desk.QueuedAsync(Ids.Dave);

        var result = (await desk.Conversations.ForwardAsync(queued.Id, Ids.Mia, ForwardTarget.ToDepartment(Ids.Support))).Ok();

        Assert.Equal(ForwardFailureReason.SameAsSource, result.FailureReason);
        Assert.Equal((ConversationState.Queued, (AgentId?)null), (result.Conversation.State, result.Conversation.ServingAgentId));
    }

    [Fact]
    public async Task Forward_of_a_queued_conversation_to_a_disabled_or_unknown_department_fails_and_it_stays_queued()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var queued = await desk.QueuedAsync(Ids.Dave);
        await desk.UpdateDepartmentAsync(Ids.Sales, d => d with { Enabled = false });

        var disabled = (await desk.Conversations.ForwardAsync(queued.Id, Ids.Mia, ForwardTarget.ToDepartment(Ids.Sales))).Ok();
        var unknown = (await desk.Conversations.ForwardAsync(queued.Id, Ids.Mia, ForwardTarget.ToDepartment(new DepartmentId("nowhere")))).Ok();

        Assert.Equal(ForwardFailureReason.DepartmentDisabled, disabled.FailureReason);
        Assert.Equal(ForwardFailureReason.Unknown, unknown.FailureReason);
        Assert.Equal((ConversationState.Queued, Ids.Support), (unknown.Conversation.State, unknown.Conversation.DepartmentId));
        Assert.Equal(2, unknown.Conversation.Transfers.Count);
    }

    [Fact]
    public async Task Agent_who_does_not_manage_the_department_cannot_forward_a_queued_conversation()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var queued = await desk.QueuedAsync(Ids.Dave);

        (await desk.Conversations.ForwardAsync(queued.Id, Ids.Alice, ForwardTarget.ToDepartment(Ids.Sales))).Refused(OperationErrorCode.NotServingAgent,
            $"Agent 'alice' cannot act on conversation '{queued.Id}': it is not served by anyone");
        Assert.Equal(ConversationState.Queued, (await desk.ReadAsync(queued.Id)).State);
    }

    [Fact]
    public async Task Closed_conversation_cannot_be_forwarded()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var queued = await desk.QueuedAsync(Ids.Dave);
        (await desk.Conversations.CloseAsync(queued.Id, Actor.Agent(Ids.Mia))).Ok();

        (await desk.Conversations.ForwardAsync(queued.Id, Ids.Mia, ForwardTarget.ToDepartment(Ids.Sales))).Refused(OperationErrorCode.ConversationClosed);
    }

    /// <summary>Whatever the target, a queued conversation's forward never leaves it with the forwarding manager unless they were the target.</summary>
    [Property(MaxTest = 40)]
    public Property Queued_forward_ends_in_the_targets_hands_or_back_in_the_queue(int targetIndex, bool samAvailable, bool salesEnabled)
    {
        ForwardTarget[] targets =
        [
            ForwardTarget.ToDepartment(Ids.Sales), ForwardTarget.ToDepartment(Ids.Support), ForwardTarget.ToAgent(Ids.Sam),
            ForwardTarget.ToAgent(Ids.Bob), ForwardTarget.ToAgentInDepartment(Ids.Sam, Ids.Sales), ForwardTarget.ToDepartment(new DepartmentId("nowhere")),
        ];
        var target = targets[(int)((uint)targetIndex % (uint)targets.Length)];
        var outcome = Task.Run(async () =>
        {
            using var desk = await OmnichannelHarness.CreateAsync();
            await desk.UpdateAgentAsync(Ids.Sam, a => a with { Status = samAvailable ? AgentStatus.Available : AgentStatus.Away });
            await desk.UpdateDepartmentAsync(Ids.Sales, d => d with { Enabled = salesEnabled });
            var queued = await desk.QueuedAsync(Ids.Dave);
            var result = (await desk.Conversations.ForwardAsync(queued.Id, Ids.Mia, target)).Ok();
            return (result, queued);
        }).GetAwaiter().GetResult();

        var (forward, before) = outcome;
        var after = forward.Conversation;
        var invariant = forward.Succeeded
            ? (target.AgentId is { } agent ? after.State == ConversationState.Taken && after.ServingAgentId == agent : after.State == ConversationState.Queued && after.ServingAgentId is null && after.DepartmentId != before.DepartmentId)
            : after.State == ConversationState.Queued && after.ServingAgentId is null && after.DepartmentId == before.DepartmentId && after.QueuedAt == before.QueuedAt;
        return (invariant && after.PendingForward is null && after.Transfers.Count == 1).Label($"{target} -> {forward.Message}");
    }
}
