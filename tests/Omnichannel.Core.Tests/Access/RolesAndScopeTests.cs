using Microsoft.Extensions.DependencyInjection;
using Omnichannel.Access;
using Omnichannel.Agents;
using Omnichannel.Conversations;
using Omnichannel.Core.Tests.TestSupport;
using Omnichannel.Operations;

namespace Omnichannel.Core.Tests.Access;

/// <summary>Issue 11 and 15: one role table, one access policy, units and monitors, administrators.</summary>
public sealed class RolesAndScopeTests
{
    private static readonly UnitId North = new("north");
    private static readonly AgentId Max = new("max");
    private static readonly AgentId Ada = new("ada");

    [Fact]
    public async Task A_host_adds_a_role_in_the_one_table_and_its_holders_get_exactly_its_permissions()
    {
        using var desk = await OmnichannelHarness.CreateAsync(o => o.RolePermissions["Auditor"] = AgentPermissions.ViewQueue | AgentPermissions.ReadContact);
        await desk.AgentAsync(new AgentId("aud"), [Ids.Support], a => a with { Roles = AgentRoles.None, CustomRoles = ["Auditor"] });
        var queued = await desk.QueuedAsync();

        Assert.Single((await desk.Conversations.ListQueuedAsync(new AgentId("aud"))).Ok());
        (await desk.Conversations.TakeAsync(queued.Id, new AgentId("aud"))).Refused(OperationErrorCode.NotPermitted, "'aud'", "TakeConversation");
        Assert.Equal(AgentPermissions.ViewQueue | AgentPermissions.ReadContact,
            desk.Services.GetRequiredService<IAccessPolicy>().PermissionsOf(await desk.ReadAsync(new AgentId("aud"))));
    }

    [Fact]
    public async Task A_host_changes_a_built_in_roles_permissions_for_every_holder()
    {
        using var desk = await OmnichannelHarness.CreateAsync(o => o.RolePermissions[RolePermissionTable.Agent] = AgentPermissions.DefaultAgent & ~AgentPermissions.TakeConversation);
        var queued = await desk.QueuedAsync();

        (await desk.Conversations.TakeAsync(queued.Id, Ids.Alice)).Refused(OperationErrorCode.NotPermitted, "'alice'", "TakeConversation");
    }

    [Fact]
    public async Task Acting_on_another_agents_conversation_comes_from_the_role_table_not_from_the_manager_role()
    {
        using var desk = await OmnichannelHarness.CreateAsync(o => o.RolePermissions["Lead"] = AgentPermissions.DefaultAgent | AgentPermissions.ActOnOthersConversations);
        await desk.AgentAsync(new AgentId("lea"), [Ids.Support], a => a with { Roles = AgentRoles.None, CustomRoles = ["Lead"] });
        var first = await desk.TakenAsync(Ids.Alice);
        var second = await desk.TakenAsync(Ids.Alice, Ids.Erin);

        (await desk.Conversations.CloseAsync(first.Id, Actor.Agent(Ids.Bob))).Refused(OperationErrorCode.NotServingAgent, "'bob'");
        Assert.Equal(ConversationState.Closed, (await desk.Conversations.CloseAsync(first.Id, Actor.Agent(new AgentId("lea")))).Ok().State);
        Assert.Equal(ConversationState.Queued, (await desk.Conversations.ReturnToQueueAsync(second.Id, Actor.Agent(new AgentId("lea")))).Ok().State);
    }

    [Fact]
    public async Task A_monitor_sees_and_acts_within_the_units_they_supervise_only()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        await desk.UpdateDepartmentAsync(Ids.Support, d => d with { UnitId = North });
        await desk.AgentAsync(Max, [], a => a with { Roles = AgentRoles.Monitor, SupervisedUnits = [North] });
        var support = await desk.TakenAsync(Ids.Alice);
        var sales = await desk.TakenAsync(Ids.Sam, Ids.Erin, Ids.Sales);
        var queuedInSupport = await desk.QueuedAsync(Ids.Erin, Ids.Support);

        (await desk.Conversations.ViewAsync(support.Id, Actor.Agent(Max))).Ok();
        (await desk.Conversations.ViewAsync(sales.Id, Actor.Agent(Max))).Refused(OperationErrorCode.NotDepartmentMember, "'max'");
        Assert.Equal([queuedInSupport.Id], (await desk.Conversations.ListQueuedAsync(Max)).Ok().Select(c => c.Id));
        (await desk.Conversations.TakeAsync(queuedInSupport.Id, Max)).Refused(OperationErrorCode.NotPermitted, "TakeConversation");
        (await desk.Conversations.CloseAsync(sales.Id, Actor.Agent(Max))).Refused(OperationErrorCode.NotServingAgent, "'max'");
        Assert.Equal(ConversationState.Closed, (await desk.Conversations.CloseAsync(support.Id, Actor.Agent(Max))).Ok().State);
        var listed = (await desk.Conversations.ListConversationsAsync(Max, new ConversationListQuery())).Ok();
        Assert.All(listed.Items, c => Assert.Equal(Ids.Support, c.DepartmentId));
        Assert.Equal(2, listed.Items.Count);
    }

    [Fact]
    public async Task An_administrator_sees_every_department()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        await desk.AgentAsync(Ada, [], a => a with { Roles = AgentRoles.Administrator });
        var support = await desk.QueuedAsync();
        var sales = await desk.QueuedAsync(Ids.Erin, Ids.Sales);

        (await desk.Conversations.ViewAsync(sales.Id, Actor.Agent(Ada))).Ok();
        Assert.Equal([sales.Id, support.Id], (await desk.Conversations.ListConversationsAsync(Ada, new ConversationListQuery())).Ok().Items.Select(c => c.Id).OrderBy(i => i.Value == sales.Id.Value ? 0 : 1));
        Assert.Equal(2, (await desk.Conversations.ListQueuedAsync(Ada)).Ok().Count);
    }

    [Fact]
    public async Task Every_read_takes_the_actor_and_refuses_agents_outside_the_conversations_departments()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var taken = await desk.TakenAsync(Ids.Alice);

        (await desk.Conversations.ViewAsync(taken.Id, Actor.Agent(Ids.Sam))).Refused(OperationErrorCode.NotDepartmentMember, "'sam'", $"'{taken.Id}'");
        (await desk.Conversations.ReadMessagesAsync(taken.Id, Actor.Agent(Ids.Sam))).Refused(OperationErrorCode.NotDepartmentMember, "'sam'");
        (await desk.Conversations.GetRoomInformationAsync(taken.Id, Actor.Agent(Ids.Sam))).Refused(OperationErrorCode.NotDepartmentMember, "'sam'");
        (await desk.Conversations.PreviewAsync(taken.Id, Ids.Sam)).Refused(OperationErrorCode.NotDepartmentMember, "'sam'");
        (await desk.Conversations.GetQueuePlaceAsync(taken.Id, Actor.Agent(Ids.Sam))).Refused(OperationErrorCode.NotDepartmentMember, "'sam'");
        (await desk.Conversations.ViewAsync(taken.Id, Actor.Agent(new AgentId("ghost")))).Refused(OperationErrorCode.NotFound, "'ghost'");

        // The contact's message and the system message "Alice ... joined the conversation".
        Assert.Equal(2, (await desk.Conversations.ReadMessagesAsync(taken.Id, Actor.Agent(Ids.Bob))).Ok().Count);
        Assert.Equal(2, (await desk.Conversations.ReadMessagesAsync(taken.Id, Actor.Contact(Ids.Dave))).Ok().Count);
        (await desk.Conversations.ReadMessagesAsync(taken.Id, Actor.Contact(Ids.Erin))).Refused(OperationErrorCode.NotPermitted, "contact 'erin'");
        (await desk.Conversations.GetRoomInformationAsync(taken.Id, Actor.Contact(Ids.Dave))).Refused(OperationErrorCode.NotPermitted, "contact 'dave'");
    }

    [Fact]
    public async Task Another_contact_viewing_a_conversation_is_told_in_a_sentence_naming_both()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var taken = await desk.TakenAsync(Ids.Alice);

        var refused = (await desk.Conversations.ViewAsync(taken.Id, Actor.Contact(Ids.Erin))).Refused(OperationErrorCode.NotPermitted, "contact 'erin'", $"'{taken.Id}'");

        Assert.Equal($"contact 'erin' cannot see the details of conversation '{taken.Id}'.", refused.Message);
    }

    [Fact]
    public async Task An_agent_sees_conversations_they_served_or_were_invited_to_outside_their_departments()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var served = await desk.TakenAsync(Ids.Alice);
        var invitedTo = await desk.TakenAsync(Ids.Bob, Ids.Erin);
        (await desk.Conversations.InviteAsync(invitedTo.Id, Ids.Bob, "@sam")).Ok();
        (await desk.Conversations.CloseAsync(served.Id, Actor.Agent(Ids.Alice))).Ok();
        await desk.UpdateAgentAsync(Ids.Alice, a => a with { Departments = [Ids.Sales] });

        (await desk.Conversations.ViewAsync(served.Id, Actor.Agent(Ids.Alice))).Ok();
        (await desk.Conversations.ViewAsync(invitedTo.Id, Actor.Agent(Ids.Sam))).Ok();
        (await desk.Conversations.ViewAsync(invitedTo.Id, Actor.Agent(Ids.Alice))).Refused(OperationErrorCode.NotDepartmentMember, "'alice'");
        Assert.Contains(served.Id, (await desk.Conversations.ListConversationsAsync(Ids.Alice, new ConversationListQuery())).Ok().Items.Select(c => c.Id));
        Assert.Contains(invitedTo.Id, (await desk.Conversations.ListConversationsAsync(Ids.Sam, new ConversationListQuery())).Ok().Items.Select(c => c.Id));
    }
}
