using Omnichannel.Conversations;
using Omnichannel.Core.Tests.TestSupport;
using Omnichannel.Operations;
using Omnichannel.Workspace.CannedResponses;

using static Omnichannel.Workspace.Tests.WorkspaceHarness;

namespace Omnichannel.Workspace.Tests.CannedResponses;

/// <summary>Reading one canned response by id obeys the listing's visibility: an id is no way around it.</summary>
public sealed class CannedResponseReadByIdTests
{
    private static CannedResponseDraft Draft(string shortcut, CannedResponseScope scope = CannedResponseScope.Private, DepartmentId? department = null) =>
        new() { Shortcut = shortcut, Text = "Thank you for contacting us.", Scope = scope, DepartmentId = department };

    [Fact]
    public async Task Another_agents_private_response_is_not_readable_by_id()
    {
        using var desk = await CreateAsync();
        var alices = (await desk.CannedResponses.CreateAsync(Actor.Agent(Alice), Draft("alice-sign"))).Ok();

        var bySam = await desk.CannedResponses.GetAsync(Actor.Agent(Sam), alices.Id);
        var byMia = await desk.CannedResponses.GetAsync(Actor.Agent(Mia), alices.Id);

        bySam.Refused(OperationErrorCode.NotFound, alices.Id.Value, "'sam'");
        byMia.Refused(OperationErrorCode.NotFound, alices.Id.Value);
        Assert.DoesNotContain("alice-sign", bySam.Error!.Message, StringComparison.Ordinal);
        Assert.Equal("alice-sign", (await desk.CannedResponses.GetAsync(Actor.Agent(Alice), alices.Id)).Ok().Shortcut);
    }

    [Fact]
    public async Task A_department_response_is_readable_by_id_only_by_its_departments_agents()
    {
        using var desk = await CreateAsync();
        var supportHours = (await desk.CannedResponses.CreateAsync(Actor.System, Draft("support-hours", CannedResponseScope.Department, Support))).Ok();

        (await desk.CannedResponses.GetAsync(Actor.Agent(Bob), supportHours.Id)).Ok();
        (await desk.CannedResponses.GetAsync(Actor.Agent(Sam), supportHours.Id)).Refused(OperationErrorCode.NotFound, supportHours.Id.Value);
    }

    [Fact]
    public async Task Reading_by_id_shows_exactly_what_listing_shows_each_agent()
    {
        using var desk = await CreateAsync();
        CannedResponse[] all =
        [
            (await desk.CannedResponses.CreateAsync(Actor.System, Draft("welcome", CannedResponseScope.Public))).Ok(),
            (await desk.CannedResponses.CreateAsync(Actor.System, Draft("support-hours", CannedResponseScope.Department, Support))).Ok(),
            (await desk.CannedResponses.CreateAsync(Actor.System, Draft("sales-prices", CannedResponseScope.Department, Sales))).Ok(),
            (await desk.CannedResponses.CreateAsync(Actor.Agent(Alice), Draft("alice-sign"))).Ok(),
            (await desk.CannedResponses.CreateAsync(Actor.Agent(Sam), Draft("sam-sign"))).Ok(),
        ];

        foreach (var agent in new[] { Alice, Bob, Sam, Mia })
        {
            var listed = (await desk.CannedResponses.ListAsync(agent)).Ok().Select(r => r.Id).ToHashSet();
            foreach (var response in all)
            {
                var read = await desk.CannedResponses.GetAsync(Actor.Agent(agent), response.Id);
                Assert.True(listed.Contains(response.Id) == read.Succeeded, $"{agent} reading '!{response.Shortcut}': listed {listed.Contains(response.Id)}, read {read.Succeeded}");
            }
        }
    }

    [Fact]
    public async Task The_host_reads_any_response_by_id()
    {
        using var desk = await CreateAsync();
        var alices = (await desk.CannedResponses.CreateAsync(Actor.Agent(Alice), Draft("alice-sign"))).Ok();

        Assert.Equal(alices, (await desk.CannedResponses.GetAsync(Actor.System, alices.Id)).Ok());
    }

    [Fact]
    public async Task A_contact_or_an_unknown_agent_cannot_read_by_id()
    {
        using var desk = await CreateAsync();
        var welcome = (await desk.CannedResponses.CreateAsync(Actor.System, Draft("welcome", CannedResponseScope.Public))).Ok();

        (await desk.CannedResponses.GetAsync(Actor.Contact(Dave), welcome.Id)).Refused(OperationErrorCode.NotPermitted);
        (await desk.CannedResponses.GetAsync(Actor.Agent(new AgentId("ghost")), welcome.Id)).Refused(OperationErrorCode.NotFound, "'ghost'");
    }

    [Fact]
    public async Task An_unknown_id_is_not_found()
    {
        using var desk = await CreateAsync();

        (await desk.CannedResponses.GetAsync(Actor.Agent(Alice), new CannedResponseId("nope"))).Refused(OperationErrorCode.NotFound, "'nope'");
        (await desk.CannedResponses.GetAsync(Actor.System, new CannedResponseId("nope"))).Refused(OperationErrorCode.NotFound, "'nope'");
    }
}
