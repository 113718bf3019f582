using Omnichannel.Conversations;
using Omnichannel.Core.Tests.TestSupport;

namespace Omnichannel.Core.Tests.Access;

/// <summary>
/// The guide's sections move with the conversation: "Take it" moves it from "Queued Chats" to "Chats in Progress",
/// "Move to the queue" puts it back in the department's Queued Chats, a hold moves it to On hold and Resume back, and a
/// close makes it disappear from Chats in Progress.
/// </summary>
public sealed class AgentListsFollowTheLifecycleTests
{
    private static async Task<(IReadOnlyList<ConversationId> Queued, IReadOnlyList<ConversationId> InProgress, IReadOnlyList<ConversationId> OnHold)> ListsAsync(OmnichannelHarness desk, AgentId agent) =>
        ((await desk.Conversations.ListQueuedAsync(agent)).Ok().Select(c => c.Id).ToList(),
         (await desk.Conversations.ListInProgressAsync(agent)).Ok().Items.Select(c => c.Id).ToList(),
         (await desk.Conversations.ListOnHoldAsync(agent)).Ok().Items.Select(c => c.Id).ToList());

    [Fact]
    public async Task Taking_moves_a_conversation_from_queued_chats_to_chats_in_progress_and_closing_makes_it_disappear()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var queued = await desk.QueuedAsync();
        var before = await ListsAsync(desk, Ids.Alice);
        Assert.Equal([queued.Id], before.Queued);
        Assert.Empty(before.InProgress);

        (await desk.Conversations.TakeAsync(queued.Id, Ids.Alice)).Ok();
        var afterTake = await ListsAsync(desk, Ids.Alice);
        Assert.Empty(afterTake.Queued);
        Assert.Equal([queued.Id], afterTake.InProgress);
        Assert.Empty((await ListsAsync(desk, Ids.Bob)).Queued); // nobody else sees it queued any more

        (await desk.Conversations.CloseAsync(queued.Id, Actor.Agent(Ids.Alice))).Ok();
        var afterClose = await ListsAsync(desk, Ids.Alice);
        Assert.Empty(afterClose.Queued);
        Assert.Empty(afterClose.InProgress);
        Assert.Empty(afterClose.OnHold);
    }

    [Fact]
    public async Task Moving_back_to_the_queue_shows_the_conversation_in_the_other_agents_queued_chats()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var taken = await desk.TakenAsync(Ids.Alice);

        (await desk.Conversations.ReturnToQueueAsync(taken.Id, Actor.Agent(Ids.Alice))).Ok();

        Assert.Empty((await ListsAsync(desk, Ids.Alice)).InProgress);
        Assert.Equal([taken.Id], (await ListsAsync(desk, Ids.Bob)).Queued);
        Assert.Empty((await ListsAsync(desk, Ids.Sam)).Queued); // another department's agent does not receive it
    }

    [Fact]
    public async Task A_hold_moves_the_conversation_to_on_hold_and_resume_brings_it_back_to_chats_in_progress()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var onHold = await desk.OnHoldAsync(Ids.Alice);
        var held = await ListsAsync(desk, Ids.Alice);
        Assert.Empty(held.InProgress);
        Assert.Equal([onHold.Id], held.OnHold);

        (await desk.Conversations.ResumeAsync(onHold.Id, Ids.Alice)).Ok();

        var resumed = await ListsAsync(desk, Ids.Alice);
        Assert.Equal([onHold.Id], resumed.InProgress);
        Assert.Empty(resumed.OnHold);
    }
}
