using Omnichannel.Agents;
using Omnichannel.Conversations;
using Omnichannel.Core.Tests.TestSupport;
using Omnichannel.Operations;

namespace Omnichannel.Core.Tests.Operations;

/// <summary>The guide's forward rules: nobody available, a named agent of a department, the system message a forward leaves.</summary>
public sealed class ForwardRulesTests
{
    [Fact]
    public async Task Forward_to_a_department_with_nobody_available_fails_and_stays_with_the_agent()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        await desk.UpdateAgentAsync(Ids.Sam, a => a with { Status = AgentStatus.Away });
        var taken = await desk.AnsweredAsync(Ids.Alice);

        var result = (await desk.Conversations.ForwardAsync(taken.Id, Ids.Alice, ForwardTarget.ToDepartment(Ids.Sales), "Wants a quote")).Ok();

        Assert.Equal(ForwardFailureReason.NobodyAvailable, result.FailureReason);
        Assert.Contains("no agent of department 'sales' is online and available", result.Message, StringComparison.Ordinal);
        var stored = await desk.ReadAsync(taken.Id);
        Assert.Equal((ConversationState.Taken, Ids.Alice, Ids.Support), (stored.State, stored.ServingAgentId!.Value, stored.DepartmentId));
        Assert.Equal(ForwardFailureReason.NobodyAvailable, Assert.Single(stored.Transfers).FailureReason);
        Assert.Equal(taken.MessageCount, stored.MessageCount);
    }

    [Fact]
    public async Task Forward_to_a_department_with_nobody_online_is_queued_when_the_department_accepts_forwards_while_nobody_is_online()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        await desk.UpdateAgentAsync(Ids.Sam, a => a with { Status = AgentStatus.Offline });
        await desk.UpdateDepartmentAsync(Ids.Sales, d => d with { AcceptForwardsWhenNobodyOnline = true });
        var taken = await desk.AnsweredAsync(Ids.Alice);

        var result = (await desk.Conversations.ForwardAsync(taken.Id, Ids.Alice, ForwardTarget.ToDepartment(Ids.Sales))).Ok();

        Assert.True(result.Succeeded, result.Message);
        Assert.Equal((ConversationState.Queued, Ids.Sales), (result.Conversation.State, result.Conversation.DepartmentId));
    }

    [Fact]
    public void Accepting_forwards_while_nobody_is_online_is_off_by_default() =>
        Assert.False(new Departments.Department { Id = Ids.Sales, Name = "Sales" }.AcceptForwardsWhenNobodyOnline);

    [Fact]
    public async Task Forward_to_a_department_counts_only_agents_other_than_the_forwarder_who_may_take_conversations()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        await desk.UpdateAgentAsync(Ids.Sam, a => a with { Permissions = AgentPermissions.ViewQueue });
        var taken = await desk.AnsweredAsync(Ids.Alice);

        var result = (await desk.Conversations.ForwardAsync(taken.Id, Ids.Alice, ForwardTarget.ToDepartment(Ids.Sales))).Ok();

        Assert.Equal(ForwardFailureReason.NobodyAvailable, result.FailureReason);
    }

    [Fact]
    public async Task Forward_to_a_department_with_a_named_agent_moves_it_there_with_that_agent()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        await desk.AgentAsync(new AgentId("tom"), [Ids.Sales, Ids.Support]);
        var taken = await desk.AnsweredAsync(Ids.Alice);

        var result = (await desk.Conversations.ForwardAsync(taken.Id, Ids.Alice, ForwardTarget.ToAgentInDepartment(new AgentId("tom"), Ids.Sales))).Ok();

        Assert.True(result.Succeeded, result.Message);
        Assert.Equal((ConversationState.Taken, new AgentId("tom"), Ids.Sales), (result.Conversation.State, result.Conversation.ServingAgentId!.Value, result.Conversation.DepartmentId));
        Assert.Equal($"Conversation '{taken.Id}' was forwarded to agent 'tom' in department 'sales'.", result.Message);
    }

    [Fact]
    public async Task Forward_to_a_named_agent_who_does_not_belong_to_the_department_fails_and_stays_with_the_agent()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var taken = await desk.AnsweredAsync(Ids.Alice);

        var result = (await desk.Conversations.ForwardAsync(taken.Id, Ids.Alice, ForwardTarget.ToAgentInDepartment(Ids.Bob, Ids.Sales))).Ok();

        Assert.Equal(ForwardFailureReason.AgentNotInDepartment, result.FailureReason);
        Assert.Equal($"Conversation '{taken.Id}' was not forwarded: agent 'bob' does not belong to department 'sales'. It is back with agent 'alice'.", result.Message);
        var stored = await desk.ReadAsync(taken.Id);
        Assert.Equal((ConversationState.Taken, Ids.Alice, Ids.Support), (stored.State, stored.ServingAgentId!.Value, stored.DepartmentId));
    }

    [Fact]
    public async Task Forward_to_a_named_agent_of_an_unknown_department_fails_as_unknown()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var taken = await desk.AnsweredAsync(Ids.Alice);

        var result = (await desk.Conversations.ForwardAsync(taken.Id, Ids.Alice, ForwardTarget.ToAgentInDepartment(Ids.Sam, new DepartmentId("nowhere")))).Ok();

        Assert.Equal(ForwardFailureReason.Unknown, result.FailureReason);
    }

    [Fact]
    public async Task A_forward_leaves_a_system_message_naming_who_forwarded_to_whom_with_the_comment()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        await desk.UpdateAgentAsync(Ids.Alice, a => a with { DisplayName = "Alice Martin" });
        await desk.UpdateAgentAsync(Ids.Sam, a => a with { DisplayName = "Sam Lee" });
        await desk.UpdateDepartmentAsync(Ids.Sales, d => d with { Name = "Sales" });
        var taken = await desk.AnsweredAsync(Ids.Alice);

        var result = (await desk.Conversations.ForwardAsync(taken.Id, Ids.Alice, ForwardTarget.ToAgent(Ids.Sam), "Wants a quote")).Ok();

        Assert.True(result.Succeeded, result.Message);
        var notice = (await desk.MessagesAsync(taken.Id))[^1];
        Assert.Equal((AuthorKind.System, SystemMessageSources.Forward), (notice.AuthorKind, notice.AuthorId));
        Assert.Equal("Alice Martin forwarded the conversation to Sam Lee (Sales). Comment: Wants a quote", notice.Text);
        Assert.Equal(taken.MessageCount + 1, result.Conversation.MessageCount);
        // A system message is not a reply: who wrote last is unchanged, so the hold rule still holds.
        Assert.Equal(taken.LastAuthorKind, result.Conversation.LastAuthorKind);
    }

    [Fact]
    public async Task A_forward_to_a_department_leaves_a_system_message_naming_the_department()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        await desk.UpdateDepartmentAsync(Ids.Sales, d => d with { Name = "Sales" });
        var taken = await desk.AnsweredAsync(Ids.Alice);

        (await desk.Conversations.ForwardAsync(taken.Id, Ids.Alice, ForwardTarget.ToDepartment(Ids.Sales))).Ok();

        Assert.Equal("alice forwarded the conversation to department Sales.", (await desk.MessagesAsync(taken.Id))[^1].Text);
    }

    [Fact]
    public async Task A_failed_forward_leaves_no_system_message()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        await desk.UpdateAgentAsync(Ids.Sam, a => a with { Status = AgentStatus.Away });
        var taken = await desk.AnsweredAsync(Ids.Alice);

        (await desk.Conversations.ForwardAsync(taken.Id, Ids.Alice, ForwardTarget.ToAgent(Ids.Sam))).Ok();

        Assert.DoesNotContain(await desk.MessagesAsync(taken.Id), m => m.AuthorKind == AuthorKind.System && m.AuthorId == SystemMessageSources.Forward);
    }
}
