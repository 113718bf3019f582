using Omnichannel.Conversations;
using Omnichannel.Core.Tests.TestSupport;
using Omnichannel.Operations;
using static Omnichannel.Workspace.Tests.WorkspaceHarness;

namespace Omnichannel.Workspace.Tests.Contacts;

/// <summary>Chat history (issue 11): an agent opens a past conversation of the contact they serve, read-only, access-checked.</summary>
public sealed class PastConversationTests
{
    [Fact]
    public async Task An_agent_opens_a_past_conversation_of_the_contact_they_serve_read_only()
    {
        using var desk = await CreateAsync();
        var past = await desk.ClosedAsync(Sam, Dave, Sales, "Which plan?", "The yearly one.");
        var serving = await desk.TakenAsync(Alice, Dave);

        var opened = (await desk.History.OpenPastConversationAsync(past.Id, Alice)).Ok();

        Assert.Equal(past.Id, opened.Conversation.Id);
        Assert.Equal(["Which plan?", "sam joined the conversation.", "The yearly one.", "sam closed the conversation."], opened.Messages.Select(m => m.Text));
        Assert.Equal(past.Version, (await desk.ReadAsync(past.Id)).Version); // read-only: nothing written
        Assert.Equal(ConversationState.Taken, (await desk.ReadAsync(serving.Id)).State);
    }

    [Fact]
    public async Task Opening_a_past_conversation_is_refused_to_an_agent_who_neither_sees_it_nor_serves_the_contact()
    {
        using var desk = await CreateAsync();
        var past = await desk.ClosedAsync(Sam, Dave, Sales, "Which plan?", "The yearly one.");
        var open = await desk.TakenAsync(Alice, Dave);

        (await desk.History.OpenPastConversationAsync(past.Id, Bob)).Refused(OperationErrorCode.NotDepartmentMember, "'bob'");
        (await desk.History.OpenPastConversationAsync(open.Id, Alice)).Refused(OperationErrorCode.InvalidArgument, "still open");
        (await desk.History.OpenPastConversationAsync(past.Id, Uma)).Refused(OperationErrorCode.NotPermitted, "not an omnichannel agent");
        (await desk.History.OpenPastConversationAsync(new ConversationId("missing"), Alice)).Refused(OperationErrorCode.NotFound, "'missing'");
        (await desk.History.OpenPastConversationAsync(past.Id, Alice, limit: 0)).Refused(OperationErrorCode.InvalidArgument);
        Assert.Single((await desk.History.OpenPastConversationAsync(past.Id, Sam, limit: 1)).Ok().Messages);
    }
}
