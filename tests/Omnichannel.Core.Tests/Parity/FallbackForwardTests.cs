using Omnichannel.Agents;
using Omnichannel.Conversations;
using Omnichannel.Core.Tests.TestSupport;
using Omnichannel.Operations;

namespace Omnichannel.Core.Tests.Parity;

/// <summary>
/// The anchor's fallback forward department: a forward to a department nobody can serve goes on to that department's
/// fallback department instead of failing, following the chain as long as it leads somewhere new.
/// </summary>
public sealed class FallbackForwardTests
{
    private static readonly DepartmentId Billing = new("billing");
    private static readonly AgentId Tom = new("tom");

    [Fact]
    public async Task A_forward_to_a_department_with_nobody_available_goes_to_its_fallback_department()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        await desk.DepartmentAsync(Billing, d => d with { Name = "Billing" });
        await desk.AgentAsync(Tom, [Billing]);
        await desk.UpdateDepartmentAsync(Ids.Sales, d => d with { Name = "Sales", FallbackDepartmentId = Billing });
        await desk.UpdateAgentAsync(Ids.Sam, a => a with { Status = AgentStatus.Offline });
        var taken = await desk.AnsweredAsync(Ids.Alice);

        var result = (await desk.Conversations.ForwardAsync(taken.Id, Ids.Alice, ForwardTarget.ToDepartment(Ids.Sales), "Wants a quote")).Ok();

        Assert.True(result.Succeeded, result.Message);
        Assert.Equal((ConversationState.Queued, Billing), (result.Conversation.State, result.Conversation.DepartmentId));
        Assert.Null(result.Conversation.ServingAgentId);
        Assert.Equal(ForwardTarget.ToDepartment(Billing), result.Target);
        var transfer = Assert.Single(result.Conversation.Transfers);
        Assert.Equal((ForwardTarget.ToDepartment(Billing), (ForwardFailureReason?)null), (transfer.Target, transfer.FailureReason));
        Assert.Equal("alice forwarded the conversation to department Billing (the fallback of Sales, where nobody is available). Comment: Wants a quote",
            (await desk.MessagesAsync(taken.Id))[^1].Text);
    }

    [Fact]
    public async Task A_department_that_accepts_forwards_while_nobody_is_online_keeps_them_instead_of_using_its_fallback()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        await desk.DepartmentAsync(Billing);
        await desk.AgentAsync(Tom, [Billing]);
        await desk.UpdateDepartmentAsync(Ids.Sales, d => d with { FallbackDepartmentId = Billing, AcceptForwardsWhenNobodyOnline = true });
        await desk.UpdateAgentAsync(Ids.Sam, a => a with { Status = AgentStatus.Offline });
        var taken = await desk.AnsweredAsync(Ids.Alice);

        var result = (await desk.Conversations.ForwardAsync(taken.Id, Ids.Alice, ForwardTarget.ToDepartment(Ids.Sales))).Ok();

        Assert.True(result.Succeeded, result.Message);
        Assert.Equal(Ids.Sales, result.Conversation.DepartmentId);
    }

    [Fact]
    public async Task A_fallback_chain_where_nobody_is_available_fails_back_to_the_forwarding_agent()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        await desk.DepartmentAsync(Billing);
        await desk.UpdateDepartmentAsync(Ids.Sales, d => d with { FallbackDepartmentId = Billing });
        await desk.UpdateDepartmentAsync(Billing, d => d with { FallbackDepartmentId = Ids.Sales }); // a loop ends, never spins
        await desk.UpdateAgentAsync(Ids.Sam, a => a with { Status = AgentStatus.Offline });
        var taken = await desk.AnsweredAsync(Ids.Alice);

        var result = (await desk.Conversations.ForwardAsync(taken.Id, Ids.Alice, ForwardTarget.ToDepartment(Ids.Sales))).Ok();

        Assert.Equal(ForwardFailureReason.NobodyAvailable, result.FailureReason);
        Assert.Equal(ForwardTarget.ToDepartment(Ids.Sales), result.Target);
        var stored = await desk.ReadAsync(taken.Id);
        Assert.Equal((ConversationState.Taken, Ids.Alice, Ids.Support), (stored.State, stored.ServingAgentId!.Value, stored.DepartmentId));
    }

    [Fact]
    public async Task A_fallback_that_is_the_conversations_own_department_is_not_a_way_back()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        await desk.UpdateDepartmentAsync(Ids.Sales, d => d with { FallbackDepartmentId = Ids.Support });
        await desk.UpdateAgentAsync(Ids.Sam, a => a with { Status = AgentStatus.Offline });
        var taken = await desk.AnsweredAsync(Ids.Alice);

        var result = (await desk.Conversations.ForwardAsync(taken.Id, Ids.Alice, ForwardTarget.ToDepartment(Ids.Sales))).Ok();

        Assert.Equal(ForwardFailureReason.NobodyAvailable, result.FailureReason);
        Assert.Equal((ConversationState.Taken, Ids.Alice), ((await desk.ReadAsync(taken.Id)).State, (await desk.ReadAsync(taken.Id)).ServingAgentId!.Value));
    }

    [Fact]
    public async Task A_disabled_fallback_department_is_skipped()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        await desk.DepartmentAsync(Billing);
        await desk.AgentAsync(Tom, [Billing]);
        await desk.UpdateDepartmentAsync(Ids.Sales, d => d with { FallbackDepartmentId = Billing });
        await desk.UpdateDepartmentAsync(Billing, d => d with { Enabled = false });
        await desk.UpdateAgentAsync(Ids.Sam, a => a with { Status = AgentStatus.Offline });
        var taken = await desk.AnsweredAsync(Ids.Alice);

        var result = (await desk.Conversations.ForwardAsync(taken.Id, Ids.Alice, ForwardTarget.ToDepartment(Ids.Sales))).Ok();

        Assert.Equal(ForwardFailureReason.NobodyAvailable, result.FailureReason);
    }
}
