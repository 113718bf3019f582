using NodaTime;
using Omnichannel.Agents;
using Omnichannel.Core.Tests.TestSupport;
using Omnichannel.Departments;
using Omnichannel.Operations;

namespace Omnichannel.Core.Tests.Operations;

/// <summary>
/// The anchor's "should not allow a user to be available if BH are closed": an agent whose departments are all outside
/// their business hours cannot become Available; one department open (or without hours, or routing outside them) is enough.
/// </summary>
public sealed class AvailabilityOutsideBusinessHoursTests
{
    // The harness starts on Monday 2025-01-06 09:00 UTC (10:00 in Paris); nine hours later it is 19:00 in Paris.
    private static readonly BusinessHours ParisNineToFive = BusinessHours.WeekdaysNineToFive("Europe/Paris");

    private static async Task<OmnichannelHarness> AliceAwayAtSevenInTheEveningAsync(Func<BusinessHours, BusinessHours>? hours = null)
    {
        var desk = await OmnichannelHarness.CreateAsync();
        await desk.UpdateDepartmentAsync(Ids.Support, d => d with { BusinessHours = (hours ?? (h => h))(ParisNineToFive) });
        (await desk.Agents.SetStatusAsync(Ids.Alice, AgentStatus.Away)).Ok();
        desk.Clock.Advance(Duration.FromHours(9));
        return desk;
    }

    [Fact]
    public async Task An_agent_whose_departments_are_all_closed_cannot_become_available()
    {
        using var desk = await AliceAwayAtSevenInTheEveningAsync();

        var refused = await desk.Agents.SetStatusAsync(Ids.Alice, AgentStatus.Available);

        refused.Refused(OperationErrorCode.OutsideBusinessHours, "'alice'", "support", "closed");
        Assert.Equal(AgentStatus.Away, (await desk.ReadAsync(Ids.Alice)).Status);
    }

    [Fact]
    public async Task Within_business_hours_an_agent_becomes_available()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        await desk.UpdateDepartmentAsync(Ids.Support, d => d with { BusinessHours = ParisNineToFive });
        (await desk.Agents.SetStatusAsync(Ids.Alice, AgentStatus.Away)).Ok();

        Assert.Equal(AgentStatus.Available, (await desk.Agents.SetStatusAsync(Ids.Alice, AgentStatus.Available)).Ok().Status);
    }

    [Fact]
    public async Task One_department_without_business_hours_is_enough()
    {
        using var desk = await AliceAwayAtSevenInTheEveningAsync();
        await desk.UpdateAgentAsync(Ids.Alice, a => a with { Departments = [Ids.Support, Ids.Sales] });

        (await desk.Agents.SetStatusAsync(Ids.Alice, AgentStatus.Available)).Ok();
    }

    [Fact]
    public async Task A_department_that_routes_outside_its_hours_does_not_hold_its_agents_back()
    {
        using var desk = await AliceAwayAtSevenInTheEveningAsync(h => h with { RouteOutsideHours = true });

        (await desk.Agents.SetStatusAsync(Ids.Alice, AgentStatus.Available)).Ok();
    }

    [Fact]
    public async Task Away_and_offline_are_accepted_outside_business_hours()
    {
        using var desk = await AliceAwayAtSevenInTheEveningAsync();

        (await desk.Agents.SetStatusAsync(Ids.Alice, AgentStatus.Offline)).Ok();
        (await desk.Agents.SetStatusAsync(Ids.Alice, AgentStatus.Away)).Ok();
    }
}
