using Microsoft.Extensions.DependencyInjection;
using Omnichannel.Agents;
using Omnichannel.Contacts;
using Omnichannel.Conversations;
using Omnichannel.Core.Tests.TestSupport;
using Omnichannel.Operations;

namespace Omnichannel.Core.Tests.Access;

/// <summary>Issue 15: deactivated users, force close, and the refusals that differed from the anchor.</summary>
public sealed class EntityRuleTests
{
    private static readonly AgentId Ada = new("ada");

    [Fact]
    public async Task A_deactivated_agent_is_set_offline_and_cannot_take_act_be_forwarded_to_or_invited()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var served = await desk.TakenAsync(Ids.Bob, Ids.Erin);
        var deactivated = await desk.UpdateAgentAsync(Ids.Bob, a => a with { Deactivated = true });
        var queued = await desk.QueuedAsync();
        var taken = await desk.TakenAsync(Ids.Alice, await desk.ContactAsync(new ContactId("carl")));

        Assert.Equal(AgentStatus.Offline, deactivated.Status);
        (await desk.Agents.SetStatusAsync(Ids.Bob, AgentStatus.Available)).Refused(OperationErrorCode.NotPermitted, "deactivated");
        (await desk.Conversations.TakeAsync(queued.Id, Ids.Bob)).Refused(OperationErrorCode.NotPermitted, "'bob'", "deactivated");
        (await desk.Conversations.CloseAsync(served.Id, Actor.Agent(Ids.Bob))).Refused(OperationErrorCode.NotPermitted, "deactivated");
        (await desk.Conversations.PostAgentMessageAsync(served.Id, Ids.Bob, "still here?")).Refused(OperationErrorCode.NotPermitted, "deactivated");
        (await desk.Conversations.InviteAsync(taken.Id, Ids.Alice, "@bob")).Refused(OperationErrorCode.NotAnOmnichannelAgent, "User is not an Omnichannel Agent");
        var forward = (await desk.Conversations.ForwardAsync(taken.Id, Ids.Alice, ForwardTarget.ToAgent(Ids.Bob))).Ok();
        Assert.False(forward.Succeeded);
        Assert.Equal(Ids.Alice, (await desk.ReadAsync(taken.Id)).ServingAgentId);
        Assert.False(deactivated.Has(AgentPermissions.TakeConversation)); // what routing's eligibility reads
    }

    [Fact]
    public async Task An_administrator_force_closes_whatever_the_departments_tag_rules_and_it_is_recorded_as_forced()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        await desk.UpdateDepartmentAsync(Ids.Support, d => d with { RequireTagsOnClose = true, ClosingTags = ["billing"] });
        await desk.AgentAsync(Ada, [], a => a with { Roles = AgentRoles.Administrator });
        var taken = await desk.TakenAsync(Ids.Alice);

        (await desk.Conversations.CloseAsync(taken.Id, Actor.Agent(Ids.Alice))).Refused(OperationErrorCode.TagsRequired);
        (await desk.Conversations.ForceCloseAsync(taken.Id, Ids.Alice, "stuck")).Refused(OperationErrorCode.NotPermitted, "ForceClose");
        var closed = (await desk.Conversations.ForceCloseAsync(taken.Id, Ada, "stuck since the outage")).Ok();

        Assert.Equal(ConversationState.Closed, closed.State);
        Assert.True(closed.ForceClosed);
        Assert.Equal(Actor.Agent(Ada), closed.ClosedBy);
        Assert.Equal("stuck since the outage", closed.ClosingComment);
        Assert.True((await desk.Conversations.GetRoomInformationAsync(taken.Id, Actor.Agent(Ada))).Ok().ForceClosed);
        (await desk.Conversations.ForceCloseAsync(taken.Id, Ada)).Refused(OperationErrorCode.ConversationClosed);
    }

    [Fact]
    public async Task Setting_the_status_of_a_user_who_is_not_an_omnichannel_agent_is_refused_as_agent_not_found()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        await desk.AgentAsync(new AgentId("u-1"), [], a => a with { Username = "ursula", Roles = AgentRoles.None, Status = AgentStatus.Offline });

        (await desk.Agents.SetStatusAsync(new AgentId("u-1"), AgentStatus.Available)).Refused(OperationErrorCode.NotFound, "not found", "not an omnichannel agent");
        (await desk.Agents.SetStatusAsync(new AgentId("nobody"), AgentStatus.Available)).Refused(OperationErrorCode.NotFound, "'nobody' does not exist");
        Assert.Equal(AgentStatus.Offline, (await desk.ReadAsync(new AgentId("u-1"))).Status);
    }

    [Fact]
    public async Task Naming_as_a_contacts_manager_someone_who_is_not_an_agent_is_refused()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        await desk.AgentAsync(new AgentId("u-1"), [], a => a with { Username = "ursula", Roles = AgentRoles.None });
        var contacts = desk.Services.GetRequiredService<IContactService>();

        (await contacts.RegisterAsync(new Contact { Id = new ContactId("k-1"), Name = "Kim", ManagerId = new AgentId("u-1") })).Refused(OperationErrorCode.InvalidContact, "'u-1'", "omnichannel agent");
        var dave = (await contacts.GetAsync(Ids.Dave, Ids.Mia)).Ok();
        (await contacts.UpdateAsync(dave with { ManagerId = new AgentId("u-1") }, Ids.Mia)).Refused(OperationErrorCode.InvalidContact, "'u-1'");
        Assert.Equal(Ids.Bob, (await contacts.UpdateAsync(dave with { ManagerId = Ids.Bob }, Ids.Mia)).Ok().ManagerId);
    }

    [Fact]
    public async Task Editing_a_contacts_manager_is_a_managers_permission()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var contacts = desk.Services.GetRequiredService<IContactService>();
        var dave = (await contacts.GetAsync(Ids.Dave, Ids.Alice)).Ok();

        (await contacts.UpdateAsync(dave with { ManagerId = Ids.Bob }, Ids.Alice)).Refused(OperationErrorCode.NotPermitted, "EditContactManager");
        (await contacts.UpdateAsync(dave with { Name = "Dave Doe" }, Ids.Alice)).Ok();
    }

    [Fact]
    public async Task An_offline_agent_sees_an_empty_queue_rather_than_a_refusal()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        await desk.QueuedAsync();
        await desk.Agents.SetStatusAsync(Ids.Alice, AgentStatus.Offline);

        Assert.Empty((await desk.Conversations.ListQueuedAsync(Ids.Alice)).Ok());
        Assert.Single((await desk.Conversations.ListQueuedAsync(Ids.Bob)).Ok());
    }
}
