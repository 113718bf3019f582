using Omnichannel.Agents;
using Omnichannel.Conversations;
using Omnichannel.Core.Tests.TestSupport;
using Omnichannel.Departments;
using Omnichannel.Notifications;
using Omnichannel.Operations;

namespace Omnichannel.Core.Tests.Operations;

/// <summary>
/// Deleting a department (the anchor's DELETE livechat/department/:_id): its members and the departments pointing at it
/// are updated; open conversations and a department that may forward only to it refuse the deletion.
/// </summary>
public sealed class DepartmentDeletionTests
{
    private static readonly DepartmentId Billing = new("billing");

    [Fact]
    public async Task Deleting_a_department_removes_it_its_memberships_and_the_references_to_it()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        await desk.DepartmentAsync(Billing);
        await desk.UpdateAgentAsync(Ids.Sam, a => a with { Departments = [Ids.Sales, Billing] });
        await desk.UpdateDepartmentAsync(Ids.Support, d => d with { FallbackDepartmentId = Billing, ForwardTargets = [Billing, Ids.Sales] });
        desk.Events.Clear();

        var deleted = (await desk.Departments.DeleteAsync(Billing)).Ok();

        Assert.Equal(Billing, deleted.Id);
        Assert.Null(await desk.Departments.GetAsync(Billing));
        Assert.Equal([Ids.Sales], (await desk.ReadAsync(Ids.Sam)).Departments);
        var support = (await desk.Departments.GetAsync(Ids.Support))!;
        Assert.Null(support.FallbackDepartmentId);
        Assert.Equal([Ids.Sales], support.ForwardTargets);
        var published = Assert.Single(desk.Events.OfType<DepartmentDeleted>());
        Assert.Equal([Ids.Sam], published.MembersRemoved);
        Assert.Equal([Ids.Support], published.DepartmentsChanged);
    }

    [Fact]
    public async Task Deletion_is_refused_when_the_workspace_does_not_allow_it()
    {
        using var desk = await OmnichannelHarness.CreateAsync(o => o.AllowDepartmentDeletion = false);

        (await desk.Departments.DeleteAsync(Ids.Sales)).Refused(OperationErrorCode.NotPermitted,
            "Departments cannot be deleted here (OmnichannelOptions.AllowDepartmentDeletion is off); department 'sales' was not deleted.");

        Assert.NotNull(await desk.Departments.GetAsync(Ids.Sales));
    }

    [Fact]
    public async Task Unknown_department_is_not_found()
    {
        using var desk = await OmnichannelHarness.CreateAsync();

        (await desk.Departments.DeleteAsync(new DepartmentId("nowhere"))).Refused(OperationErrorCode.NotFound, "Department 'nowhere' does not exist; nothing was deleted.");
    }

    [Fact]
    public async Task Department_with_open_conversations_is_not_deleted_and_they_are_named()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var queued = await desk.QueuedAsync(Ids.Dave, Ids.Sales);
        var taken = await desk.TakenAsync(Ids.Sam, Ids.Erin, Ids.Sales);

        var error = (await desk.Departments.DeleteAsync(Ids.Sales)).Refused(OperationErrorCode.DepartmentInUse,
            "Department 'sales' was not deleted: it has 2 open conversation(s)", $"'{queued.Id}' (Queued)", $"'{taken.Id}' (Taken)", "Close them or forward them to another department first.");

        Assert.NotNull(error);
        var sales = (await desk.Departments.GetAsync(Ids.Sales))!;
        Assert.True(sales.Enabled);
        Assert.Contains(Ids.Sales, (await desk.ReadAsync(Ids.Sam)).Departments);
    }

    [Fact]
    public async Task Closed_conversations_do_not_stop_a_deletion_and_keep_the_department_id()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var taken = await desk.TakenAsync(Ids.Sam, Ids.Dave, Ids.Sales);
        (await desk.Conversations.CloseAsync(taken.Id, Actor.Agent(Ids.Sam))).Ok();

        (await desk.Departments.DeleteAsync(Ids.Sales)).Ok();

        Assert.Equal(Ids.Sales, (await desk.ReadAsync(taken.Id)).DepartmentId);
    }

    [Fact]
    public async Task Department_that_is_the_only_forward_target_of_another_is_not_deleted()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        await desk.UpdateDepartmentAsync(Ids.Support, d => d with { ForwardTargets = [Ids.Sales] });

        (await desk.Departments.DeleteAsync(Ids.Sales)).Refused(OperationErrorCode.DepartmentInUse,
            "Department 'sales' was not deleted: department(s) 'support' may forward only to it");

        Assert.NotNull(await desk.Departments.GetAsync(Ids.Sales));
        Assert.True((await desk.Departments.GetAsync(Ids.Sales))!.Enabled);
    }

    [Fact]
    public async Task Deleted_department_takes_no_conversation_and_no_forward()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var taken = await desk.TakenAsync(Ids.Alice);
        (await desk.Departments.DeleteAsync(Ids.Sales)).Ok();

        var forward = (await desk.Conversations.ForwardAsync(taken.Id, Ids.Alice, ForwardTarget.ToDepartment(Ids.Sales))).Ok();
        var arrival = await desk.Conversations.ReceiveContactMessageAsync(Ids.Erin, Ids.Sales, "Hello?");

        Assert.Equal(ForwardFailureReason.Unknown, forward.FailureReason);
        Assert.False(arrival.Succeeded);
    }

    [Fact]
    public async Task Deleted_id_may_be_used_for_a_new_department()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        (await desk.Departments.DeleteAsync(Ids.Sales)).Ok();

        var again = await desk.DepartmentAsync(Ids.Sales, d => d with { Name = "Sales again" });

        Assert.Equal(("Sales again", 1L), (again.Name, again.Version));
    }
}
