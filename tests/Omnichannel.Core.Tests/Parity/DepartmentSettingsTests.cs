using Omnichannel.Conversations;
using Omnichannel.Core.Tests.TestSupport;
using Omnichannel.Operations;

namespace Omnichannel.Core.Tests.Parity;

/// <summary>A department can be disabled, and it has a waiting-queue message (issue 15).</summary>
public sealed class DepartmentSettingsTests
{
    [Fact]
    public async Task A_department_is_enabled_by_default()
    {
        using var desk = await OmnichannelHarness.CreateAsync();

        Assert.True((await desk.Departments.GetAsync(Ids.Support))!.Enabled);
    }

    /// <summary>The anchor neither checks a department's name when saving it nor indexes names uniquely: the id tells them apart.</summary>
    [Fact]
    public async Task Two_departments_may_share_a_name_as_in_the_anchor()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        await desk.UpdateDepartmentAsync(Ids.Support, d => d with { Name = "Support" });

        var twin = await desk.DepartmentAsync(new DepartmentId("support-2"), d => d with { Name = " SUPPORT " });

        Assert.Equal((1, " SUPPORT "), (twin.Version, twin.Name));
        Assert.Equal("Support", (await desk.Departments.GetAsync(Ids.Support))!.Name);
    }

    [Fact]
    public async Task A_disabled_department_accepts_no_new_conversation_and_stores_nothing()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        await desk.UpdateDepartmentAsync(Ids.Sales, d => d with { Enabled = false });

        (await desk.Conversations.ReceiveContactMessageAsync(Ids.Dave, Ids.Sales, "Hello")).Refused(OperationErrorCode.DepartmentDisabled, "sales");

        Assert.Empty(await desk.Store.QueryAsync(new Omnichannel.Conversations.ConversationQuery { DepartmentId = Ids.Sales }, CancellationToken.None));
    }

    [Fact]
    public async Task A_disabled_department_keeps_its_conversations_and_history()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var open = await desk.TakenAsync(Ids.Sam, Ids.Dave, Ids.Sales);
        var earlier = await desk.TakenAsync(Ids.Sam, Ids.Erin, Ids.Sales);
        (await desk.Conversations.CloseAsync(earlier.Id, Actor.Agent(Ids.Sam))).Ok();
        await desk.UpdateDepartmentAsync(Ids.Sales, d => d with { Enabled = false });

        var written = (await desk.Conversations.ReceiveContactMessageAsync(Ids.Dave, Ids.Sales, "One more thing")).Ok();
        var closed = (await desk.Conversations.CloseAsync(open.Id, Actor.Agent(Ids.Sam))).Ok();

        Assert.Equal(open.Id, written.Id);
        Assert.Equal(ConversationState.Closed, closed.State);
        Assert.Equal(2, (await desk.Store.QueryAsync(new Omnichannel.Conversations.ConversationQuery { DepartmentId = Ids.Sales }, CancellationToken.None)).Count);
    }

    [Fact]
    public async Task A_disabled_department_is_no_forward_target()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        await desk.UpdateDepartmentAsync(Ids.Sales, d => d with { Enabled = false });
        var taken = await desk.AnsweredAsync(Ids.Alice);

        var forward = (await desk.Conversations.ForwardAsync(taken.Id, Ids.Alice, ForwardTarget.ToDepartment(Ids.Sales))).Ok();

        Assert.Equal(ForwardFailureReason.DepartmentDisabled, forward.FailureReason);
        Assert.Contains("disabled", forward.Message, StringComparison.Ordinal);
        Assert.Equal((ConversationState.Taken, Ids.Alice, Ids.Support), (forward.Conversation.State, forward.Conversation.ServingAgentId!.Value, forward.Conversation.DepartmentId));
    }

    [Fact]
    public async Task A_forward_to_an_agent_whose_only_department_is_disabled_fails_back_naming_the_disabled_department()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        await desk.UpdateDepartmentAsync(Ids.Sales, d => d with { Enabled = false });
        var taken = await desk.AnsweredAsync(Ids.Alice);

        var forward = (await desk.Conversations.ForwardAsync(taken.Id, Ids.Alice, ForwardTarget.ToAgent(Ids.Sam))).Ok();

        Assert.Equal(ForwardFailureReason.DepartmentDisabled, forward.FailureReason);
        Assert.Contains("agent 'sam' could only take it into a disabled department", forward.Message, StringComparison.Ordinal);
        var stored = await desk.ReadAsync(taken.Id);
        Assert.Equal((ConversationState.Taken, Ids.Alice, Ids.Support), (stored.State, stored.ServingAgentId!.Value, stored.DepartmentId));
    }

    [Fact]
    public async Task A_forward_to_an_agent_of_a_named_disabled_department_fails_back()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        await desk.UpdateDepartmentAsync(Ids.Sales, d => d with { Enabled = false });
        var taken = await desk.AnsweredAsync(Ids.Alice);

        var forward = (await desk.Conversations.ForwardAsync(taken.Id, Ids.Alice, ForwardTarget.ToAgentInDepartment(Ids.Sam, Ids.Sales))).Ok();

        Assert.Equal(ForwardFailureReason.DepartmentDisabled, forward.FailureReason);
        Assert.Contains("sales", forward.Message, StringComparison.Ordinal);
        Assert.Equal(Ids.Support, (await desk.ReadAsync(taken.Id)).DepartmentId);
    }

    [Fact]
    public async Task A_forward_to_an_agent_goes_into_their_enabled_department_when_another_of_theirs_is_disabled()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var billing = new DepartmentId("billing");
        await desk.DepartmentAsync(billing, d => d with { Enabled = false });
        await desk.UpdateAgentAsync(Ids.Sam, a => a with { Departments = [billing, Ids.Sales] });
        var taken = await desk.AnsweredAsync(Ids.Alice);

        var forward = (await desk.Conversations.ForwardAsync(taken.Id, Ids.Alice, ForwardTarget.ToAgent(Ids.Sam))).Ok();

        Assert.True(forward.Succeeded, forward.Message);
        Assert.Equal((ConversationState.Taken, Ids.Sam, Ids.Sales), (forward.Conversation.State, forward.Conversation.ServingAgentId!.Value, forward.Conversation.DepartmentId));
    }

    [Fact]
    public async Task A_conversation_cannot_be_moved_to_a_disabled_department()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        await desk.UpdateDepartmentAsync(Ids.Sales, d => d with { Enabled = false });
        var queued = await desk.QueuedAsync();

        (await desk.Conversations.MoveToDepartmentAsync(queued.Id, Ids.Sales)).Refused(OperationErrorCode.DepartmentDisabled);
        Assert.Equal(Ids.Support, (await desk.ReadAsync(queued.Id)).DepartmentId);
    }

    [Fact]
    public async Task A_reenabled_department_accepts_conversations_again()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        await desk.UpdateDepartmentAsync(Ids.Sales, d => d with { Enabled = false });
        await desk.UpdateDepartmentAsync(Ids.Sales, d => d with { Enabled = true });

        (await desk.Conversations.ReceiveContactMessageAsync(Ids.Dave, Ids.Sales, "Hello")).Ok();
    }

    [Fact]
    public async Task The_waiting_queue_message_is_sent_to_the_contact_when_the_conversation_is_queued()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        await desk.UpdateDepartmentAsync(Ids.Support, d => d with { WaitingQueueMessage = "All our agents are busy; you are in the queue." });

        var queued = await desk.QueuedAsync(text: "Hello");

        var messages = await desk.MessagesAsync(queued.Id);
        Assert.Equal(2, queued.MessageCount);
        Assert.Equal(["Hello", "All our agents are busy; you are in the queue."], messages.Select(m => m.Text));
        Assert.Equal(AuthorKind.System, messages[1].AuthorKind);
        Assert.Equal(AuthorKind.Contact, queued.LastAuthorKind);
        Assert.Equal(2, desk.Events.OfType<Omnichannel.Notifications.MessagePosted>().Count);
    }

    [Fact]
    public async Task No_waiting_queue_message_is_sent_when_the_department_has_none_or_the_conversation_was_open()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var first = await desk.QueuedAsync(text: "Hello");
        await desk.UpdateDepartmentAsync(Ids.Support, d => d with { WaitingQueueMessage = "Please wait." });
        var again = (await desk.Conversations.ReceiveContactMessageAsync(Ids.Dave, Ids.Support, "Anyone?")).Ok();

        Assert.Equal(["Hello", "Anyone?"], (await desk.MessagesAsync(again.Id)).Select(m => m.Text));
        Assert.Equal(first.Id, again.Id);
    }

    [Fact]
    public async Task Department_messages_are_validated_as_free_text()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var current = (await desk.Departments.GetAsync(Ids.Support))!;

        (await desk.Departments.SaveAsync(current with { OfflineMessage = "closed\0" })).Refused(OperationErrorCode.InvalidDepartment, "offline message");
        (await desk.Departments.SaveAsync(current with { WaitingQueueMessage = new string('x', 20_001) })).Refused(OperationErrorCode.InvalidDepartment, "waiting-queue message");
    }
}
