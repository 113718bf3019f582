using NodaTime;
using Omnichannel.Agents;
using Omnichannel.Core.Tests.TestSupport;
using Omnichannel.Notifications;
using Omnichannel.Operations;

namespace Omnichannel.Core.Tests.Operations;

/// <summary>Registering and changing agents, their validation, and the status events.</summary>
public sealed class AgentServiceTests
{
    private static readonly AgentId Zoe = new("zoe");

    [Fact]
    public async Task Register_stores_the_agent_and_announces_its_status()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        desk.Clock.Advance(Duration.FromMinutes(3));

        var agent = (await desk.Agents.RegisterAsync(new Agent { Id = Zoe, Username = "zoe", Departments = [Ids.Support], Status = AgentStatus.Available })).Ok();

        Assert.Equal(1, agent.Version);
        Assert.Equal(desk.Clock.GetCurrentInstant(), agent.StatusChangedAt);
        Assert.Equal(agent, await desk.Agents.GetAsync(Zoe));
        var status = Assert.Single(desk.Events.OfType<AgentStatusChanged>());
        Assert.Equal((agent, AgentStatus.Offline), (status.Agent, status.Previous));
    }

    [Fact]
    public async Task Registering_an_offline_agent_announces_the_agent_but_no_status_change()
    {
        using var desk = await OmnichannelHarness.CreateAsync();

        var agent = (await desk.Agents.RegisterAsync(new Agent { Id = Zoe, Username = "zoe", Departments = [Ids.Support] })).Ok();

        Assert.DoesNotContain(desk.Events.OfType<AgentStatusChanged>(), e => e.Agent.Id == Zoe);
        Assert.Equal(agent, Assert.Single(desk.Events.OfType<AgentUpdated>(), e => e.Agent.Id == Zoe).Agent);
    }

    [Fact]
    public async Task Register_refuses_an_agent_that_exists_or_is_not_new()
    {
        using var desk = await OmnichannelHarness.CreateAsync();

        (await desk.Agents.RegisterAsync(new Agent { Id = Ids.Alice, Username = "alice2" })).Refused(OperationErrorCode.InvalidAgent, "Agent 'alice' is already registered.");
        (await desk.Agents.RegisterAsync(new Agent { Id = Zoe, Username = "zoe", Version = 3 })).Refused(OperationErrorCode.InvalidAgent,
            "Agent 'zoe' is at version 3; register new agents at version 0");
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("zoe smith")]
    [InlineData("@zoe")]
    [InlineData("\u200B")]
    [InlineData("\u3164")]
    public async Task Register_refuses_a_malformed_user_name(string username)
    {
        using var desk = await OmnichannelHarness.CreateAsync();

        (await desk.Agents.RegisterAsync(new Agent { Id = Zoe, Username = username })).Refused(OperationErrorCode.InvalidAgent,
            $"Agent 'zoe' has user name '{username}'; a user name is not empty and has no spaces or leading '@'.");
        Assert.Null(await desk.Agents.GetAsync(Zoe));
    }

    [Fact]
    public async Task Register_refuses_a_user_name_taken_by_another_agent_whatever_its_case()
    {
        using var desk = await OmnichannelHarness.CreateAsync();

        (await desk.Agents.RegisterAsync(new Agent { Id = Zoe, Username = "ALICE" })).Refused(OperationErrorCode.InvalidAgent, "User name 'ALICE' already belongs to agent 'alice'.");
    }

    [Fact]
    public async Task Register_refuses_a_negative_limit_an_unknown_status_or_an_unknown_department()
    {
        using var desk = await OmnichannelHarness.CreateAsync();

        (await desk.Agents.RegisterAsync(new Agent { Id = Zoe, Username = "zoe", MaxSimultaneousConversations = -1 })).Refused(OperationErrorCode.InvalidAgent,
            "Agent 'zoe' has MaxSimultaneousConversations -1; use 0 for no personal limit or a positive number.");
        (await desk.Agents.RegisterAsync(new Agent { Id = Zoe, Username = "zoe", Status = (AgentStatus)7 })).Refused(OperationErrorCode.InvalidAgent,
            "Agent 'zoe' has status 7, which is not Offline, Away or Available.");
        (await desk.Agents.RegisterAsync(new Agent { Id = Zoe, Username = "zoe", Departments = [new DepartmentId("nowhere")] })).Refused(OperationErrorCode.InvalidAgent,
            "Agent 'zoe' names department 'nowhere', which does not exist.");
        Assert.Empty(desk.Events.OfType<AgentStatusChanged>());
    }

    [Theory]
    [InlineData("nope")]
    [InlineData("zoe@")]
    [InlineData("Zoe <zoe@example.com>")]
    [InlineData("zoe@example.com\r\nBcc: x@example.com")]
    public async Task Register_and_update_refuse_an_email_that_is_not_an_address(string email)
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var alice = await desk.ReadAsync(Ids.Alice);

        (await desk.Agents.RegisterAsync(new Agent { Id = Zoe, Username = "zoe", Email = email })).Refused(OperationErrorCode.InvalidAgent, "Agent 'zoe'", "email");
        (await desk.Agents.UpdateAsync(alice with { Email = email })).Refused(OperationErrorCode.InvalidAgent, "Agent 'alice'", "email");

        Assert.Null(await desk.Agents.GetAsync(Zoe));
        Assert.Equal(alice, await desk.ReadAsync(Ids.Alice));
    }

    [Fact]
    public async Task An_agent_email_address_is_kept_and_an_empty_one_means_none()
    {
        using var desk = await OmnichannelHarness.CreateAsync();

        Assert.Equal("zoe@example.com", (await desk.Agents.RegisterAsync(new Agent { Id = Zoe, Username = "zoe", Email = "zoe@example.com" })).Ok().Email);
        (await desk.Agents.RegisterAsync(new Agent { Id = new AgentId("yan"), Username = "yan", Email = "" })).Ok();
    }

    [Fact]
    public async Task Update_validates_like_register()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var alice = await desk.ReadAsync(Ids.Alice);

        (await desk.Agents.UpdateAsync(alice with { Username = "bob" })).Refused(OperationErrorCode.InvalidAgent, "User name 'bob' already belongs to agent 'bob'.");
        (await desk.Agents.UpdateAsync(alice with { Departments = [new DepartmentId("nowhere")] })).Refused(OperationErrorCode.InvalidAgent, "department 'nowhere'");
        Assert.Equal(alice, await desk.ReadAsync(Ids.Alice));
    }

    [Fact]
    public async Task Update_of_an_unknown_agent_is_refused()
    {
        using var desk = await OmnichannelHarness.CreateAsync();

        (await desk.Agents.UpdateAsync(new Agent { Id = Zoe, Username = "zoe", Version = 1 })).Refused(OperationErrorCode.NotFound, "Agent 'zoe' does not exist; register it first.");
    }

    [Fact]
    public async Task Update_from_a_stale_version_is_a_conflict()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var stale = await desk.ReadAsync(Ids.Alice);
        await desk.UpdateAgentAsync(Ids.Alice, a => a with { DisplayName = "Alice A." });

        (await desk.Agents.UpdateAsync(stale with { DisplayName = "Alice B." })).Refused(OperationErrorCode.Conflict, "agent 'alice'", "someone else changed it");
        Assert.Equal("Alice A.", (await desk.ReadAsync(Ids.Alice)).DisplayName);
    }

    [Fact]
    public async Task Update_that_changes_the_status_announces_it()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        desk.Clock.Advance(Duration.FromMinutes(1));

        var renamed = await desk.UpdateAgentAsync(Ids.Alice, a => a with { DisplayName = "Alice A." });
        Assert.Empty(desk.Events.OfType<AgentStatusChanged>());
        Assert.Equal(OmnichannelHarness.Start, renamed.StatusChangedAt);

        var away = await desk.UpdateAgentAsync(Ids.Alice, a => a with { Status = AgentStatus.Away });
        var status = Assert.Single(desk.Events.OfType<AgentStatusChanged>());
        Assert.Equal((away, AgentStatus.Available), (status.Agent, status.Previous));
        Assert.Equal(desk.Clock.GetCurrentInstant(), away.StatusChangedAt);
    }

    [Fact]
    public async Task Set_status_changes_it_and_announces_the_change()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        desk.Clock.Advance(Duration.FromMinutes(10));

        var away = (await desk.Agents.SetStatusAsync(Ids.Alice, AgentStatus.Away)).Ok();
        var offline = (await desk.Agents.SetStatusAsync(Ids.Alice, AgentStatus.Offline)).Ok();

        Assert.Equal((AgentStatus.Away, desk.Clock.GetCurrentInstant()), (away.Status, away.StatusChangedAt));
        Assert.Equal(AgentStatus.Offline, (await desk.ReadAsync(Ids.Alice)).Status);
        Assert.Equal(
            new[] { (AgentStatus.Available, AgentStatus.Away), (AgentStatus.Away, AgentStatus.Offline) },
            desk.Events.OfType<AgentStatusChanged>().Select(e => (e.Previous, e.Agent.Status)));
        Assert.Equal(offline, desk.Events.OfType<AgentStatusChanged>()[^1].Agent);
    }

    [Fact]
    public async Task Setting_the_same_status_changes_nothing_and_announces_nothing()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var before = await desk.ReadAsync(Ids.Alice);

        var same = (await desk.Agents.SetStatusAsync(Ids.Alice, AgentStatus.Available)).Ok();

        Assert.Equal(before, same);
        Assert.Empty(desk.Events.OfType<AgentStatusChanged>());
    }

    [Fact]
    public async Task Set_status_refuses_an_unknown_agent_or_status()
    {
        using var desk = await OmnichannelHarness.CreateAsync();

        (await desk.Agents.SetStatusAsync(Zoe, AgentStatus.Away)).Refused(OperationErrorCode.NotFound, "Agent 'zoe' does not exist.");
        (await desk.Agents.SetStatusAsync(Ids.Alice, (AgentStatus)9)).Refused(OperationErrorCode.InvalidAgent, "Status 9 is not Offline, Away or Available.");
    }
}
