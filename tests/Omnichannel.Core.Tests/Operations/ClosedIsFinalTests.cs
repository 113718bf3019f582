using Omnichannel.Conversations;
using Omnichannel.Core.Tests.TestSupport;
using Omnichannel.Operations;

namespace Omnichannel.Core.Tests.Operations;

/// <summary>A closed conversation accepts no message and no transition, whoever asks.</summary>
public sealed class ClosedIsFinalTests
{
    public static TheoryData<string> Operations() =>
    [
        "take", "assign", "return to queue", "forward to agent", "forward to department", "hold", "resume", "close by agent",
        "close by contact", "close by system", "agent message", "system message", "bot message", "typing", "invite", "edit room information",
        "move to department",
    ];

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task Every_operation_on_a_closed_conversation_is_refused_and_changes_nothing(string operation)
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var answered = await desk.AnsweredAsync(Ids.Alice);
        var closed = (await desk.Conversations.CloseAsync(answered.Id, Actor.Agent(Ids.Alice))).Ok();
        var id = closed.Id;
        var c = desk.Conversations;

        OperationResult result = operation switch
        {
            "take" => await c.TakeAsync(id, Ids.Bob),
            "assign" => await c.AssignAsync(id, Ids.Bob),
            "return to queue" => await c.ReturnToQueueAsync(id, Actor.Agent(Ids.Alice)),
            "forward to agent" => await c.ForwardAsync(id, Ids.Alice, ForwardTarget.ToAgent(Ids.Bob)),
            "forward to department" => await c.ForwardAsync(id, Ids.Alice, ForwardTarget.ToDepartment(Ids.Sales)),
            "hold" => await c.PlaceOnHoldAsync(id, Ids.Alice),
            "resume" => await c.ResumeAsync(id, Ids.Alice),
            "close by agent" => await c.CloseAsync(id, Actor.Agent(Ids.Alice)),
            "close by contact" => await c.CloseAsync(id, Actor.Contact(Ids.Dave)),
            "close by system" => await c.CloseAsync(id, Actor.System),
            "agent message" => await c.PostAgentMessageAsync(id, Ids.Alice, "Hello?"),
            "system message" => await c.PostSystemMessageAsync(id, "Note"),
            "bot message" => await c.PostBotMessageAsync(id, "bot", "Hello?"),
            "typing" => await c.SetTypingAsync(id, Actor.Contact(Ids.Dave), true),
            "invite" => await c.InviteAsync(id, Ids.Alice, "@bob"),
            "edit room information" => await c.UpdateRoomInformationAsync(id, Ids.Alice, new RoomInformationUpdate("Topic")),
            "move to department" => await c.MoveToDepartmentAsync(id, Ids.Sales),
            _ => throw new ArgumentOutOfRangeException(nameof(operation), operation, null),
        };

        result.Refused(OperationErrorCode.ConversationClosed, $"Conversation '{id}' is closed", "closed is final");
        Assert.Equal(closed, await desk.ReadAsync(id));
    }

    [Fact]
    public async Task Contact_writing_after_close_starts_a_new_conversation_and_leaves_the_closed_one_alone()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var closed = (await desk.Conversations.CloseAsync((await desk.TakenAsync(Ids.Alice)).Id, Actor.Contact(Ids.Dave))).Ok();

        var next = (await desk.Conversations.ReceiveContactMessageAsync(Ids.Dave, Ids.Support, "Me again")).Ok();

        Assert.NotEqual(closed.Id, next.Id);
        Assert.Equal(closed, await desk.ReadAsync(closed.Id));
    }
}
