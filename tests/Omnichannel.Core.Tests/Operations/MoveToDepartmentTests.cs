using Omnichannel.Conversations;
using Omnichannel.Core.Tests.TestSupport;
using Omnichannel.Lifecycle;
using Omnichannel.Notifications;
using Omnichannel.Operations;

namespace Omnichannel.Core.Tests.Operations;

/// <summary>Overflow of a queued conversation to another department's queue.</summary>
public sealed class MoveToDepartmentTests
{
    [Fact]
    public async Task Queued_conversation_moves_to_the_other_departments_queue()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var queued = await desk.QueuedAsync(Ids.Dave, Ids.Support);
        desk.Events.Clear();

        var moved = (await desk.Conversations.MoveToDepartmentAsync(queued.Id, Ids.Sales)).Ok();

        Assert.Equal((ConversationState.Queued, Ids.Sales), (moved.State, moved.DepartmentId));
        Assert.Equal(ConversationTrigger.MoveToDepartment, Assert.Single(desk.Events.OfType<ConversationStateChanged>()).Trigger);
        Assert.Equal(new[] { Ids.Sam }, Assert.Single(desk.Events.OfType<ConversationQueued>()).AgentsToAlert);
    }

    [Fact]
    public async Task Move_is_refused_for_the_same_or_an_unknown_department_and_for_a_taken_conversation()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var queued = await desk.QueuedAsync(Ids.Dave);
        var taken = await desk.TakenAsync(Ids.Alice, Ids.Erin);

        (await desk.Conversations.MoveToDepartmentAsync(queued.Id, Ids.Support)).Refused(OperationErrorCode.InvalidArgument, $"Conversation '{queued.Id}' is already in department 'support'.");
        (await desk.Conversations.MoveToDepartmentAsync(queued.Id, new DepartmentId("nowhere"))).Refused(OperationErrorCode.NotFound, "Department 'nowhere' does not exist", $"conversation '{queued.Id}'");
        (await desk.Conversations.MoveToDepartmentAsync(taken.Id, Ids.Sales)).Refused(OperationErrorCode.InvalidTransition, $"Conversation '{taken.Id}' cannot be moved to department 'sales' while it is Taken.");
    }

    [Fact]
    public async Task Move_is_refused_when_the_contact_already_has_an_open_conversation_there()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var queued = await desk.QueuedAsync(Ids.Dave, Ids.Support);
        var existing = await desk.QueuedAsync(Ids.Dave, Ids.Sales);

        (await desk.Conversations.MoveToDepartmentAsync(queued.Id, Ids.Sales)).Refused(OperationErrorCode.InvalidArgument,
            $"conversation '{existing.Id}'", "contact 'dave'", "department 'sales'");
        Assert.Equal(Ids.Support, (await desk.ReadAsync(queued.Id)).DepartmentId);
    }
}
