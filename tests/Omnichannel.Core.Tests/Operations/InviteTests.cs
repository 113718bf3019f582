using Omnichannel.Agents;
using Omnichannel.Conversations;
using Omnichannel.Core.Tests.TestSupport;
using Omnichannel.Notifications;
using Omnichannel.Operations;

namespace Omnichannel.Core.Tests.Operations;

/// <summary><c>/invite @username</c>: only agents or managers join; anyone else gets "User is not an Omnichannel Agent".</summary>
public sealed class InviteTests
{
    [Theory]
    [InlineData("/invite @bob")]
    [InlineData("/invite bob")]
    [InlineData("/INVITE   @Bob ")]
    public async Task Invite_command_adds_an_agent_as_participant(string command)
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var taken = await desk.TakenAsync(Ids.Alice);
        desk.Events.Clear();

        var joined = (await desk.Conversations.PostAgentMessageAsync(taken.Id, Ids.Alice, command)).Ok();

        Assert.Equal(new[] { Ids.Bob }, joined.Participants);
        Assert.Equal((AuthorKind.System, "@alice invited @bob."), ((await desk.MessagesAsync(joined.Id))[^1].AuthorKind, (await desk.MessagesAsync(joined.Id))[^1].Text));
        Assert.Equal(AuthorKind.Contact, joined.LastAuthorKind);
        Assert.True(joined.Involves(Ids.Bob));
        var invited = Assert.Single(desk.Events.OfType<ParticipantInvited>());
        Assert.Equal((Ids.Alice, Ids.Bob, joined), (invited.InvitedBy, invited.Participant, invited.Conversation));
    }

    [Fact]
    public async Task A_manager_of_another_department_can_be_invited()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        await desk.AgentAsync(new AgentId("max"), [Ids.Sales], a => a with { Roles = AgentRoles.Manager, Permissions = AgentPermissions.DefaultManager });
        var taken = await desk.TakenAsync(Ids.Alice);

        Assert.Contains(new AgentId("max"), (await desk.Conversations.InviteAsync(taken.Id, Ids.Alice, "@max")).Ok().Participants);
    }

    [Fact]
    public async Task A_user_with_the_join_permission_can_be_invited_without_a_role()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        await desk.AgentAsync(new AgentId("u-1"), [], a => a with { Username = "expert", Roles = AgentRoles.None, Permissions = AgentPermissions.JoinConversation });
        var taken = await desk.TakenAsync(Ids.Alice);

        (await desk.Conversations.InviteAsync(taken.Id, Ids.Alice, "@expert")).Ok();
    }

    [Fact]
    public async Task Inviting_a_user_who_is_not_an_omnichannel_agent_says_exactly_so()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        await desk.AgentAsync(new AgentId("u-1"), [], a => a with { Username = "ursula", Roles = AgentRoles.None, Permissions = AgentPermissions.None });
        var taken = await desk.TakenAsync(Ids.Alice);

        var byCommand = await desk.Conversations.PostAgentMessageAsync(taken.Id, Ids.Alice, "/invite @ursula");
        var byCall = await desk.Conversations.InviteAsync(taken.Id, Ids.Alice, "@ursula");

        foreach (var result in new[] { byCommand, byCall })
        {
            Assert.Equal(new OperationError(OperationErrorCode.NotAnOmnichannelAgent, "User is not an Omnichannel Agent"), result.Error);
        }

        Assert.Empty((await desk.ReadAsync(taken.Id)).Participants);
    }

    [Fact]
    public async Task Inviting_an_unknown_user_says_they_are_not_an_omnichannel_agent()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var taken = await desk.TakenAsync(Ids.Alice);

        Assert.Equal("User is not an Omnichannel Agent", (await desk.Conversations.InviteAsync(taken.Id, Ids.Alice, "@nobody")).Refused(OperationErrorCode.NotAnOmnichannelAgent).Message);
    }

    [Theory]
    [InlineData("/invite")]
    [InlineData("/invite @")]
    [InlineData("/invite @two words")]
    public async Task Invite_without_a_user_name_is_refused(string command)
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var taken = await desk.TakenAsync(Ids.Alice);

        (await desk.Conversations.PostAgentMessageAsync(taken.Id, Ids.Alice, command)).Refused(OperationErrorCode.InvalidArgument, "is not a user name; use /invite @username.");
    }

    [Fact]
    public async Task Inviting_someone_already_in_the_conversation_is_refused()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var taken = await desk.TakenAsync(Ids.Alice);
        await desk.Conversations.InviteAsync(taken.Id, Ids.Alice, "@bob");

        (await desk.Conversations.InviteAsync(taken.Id, Ids.Alice, "@bob")).Refused(OperationErrorCode.InvalidArgument, $"User '@bob' is already in conversation '{taken.Id}'.");
        (await desk.Conversations.InviteAsync(taken.Id, Ids.Alice, "@alice")).Refused(OperationErrorCode.InvalidArgument, $"User '@alice' is already in conversation '{taken.Id}'.");
    }

    [Fact]
    public async Task Only_someone_in_the_conversation_or_a_manager_may_invite()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var taken = await desk.TakenAsync(Ids.Alice);

        (await desk.Conversations.InviteAsync(taken.Id, Ids.Bob, "@mia")).Refused(OperationErrorCode.NotServingAgent, "Agent 'bob'", $"conversation '{taken.Id}'");
        (await desk.Conversations.InviteAsync(taken.Id, Ids.Mia, "@bob")).Ok();
        (await desk.Conversations.InviteAsync(taken.Id, Ids.Bob, "@sam")).Ok();
    }

    [Fact]
    public async Task Inviting_needs_the_permission()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        await desk.UpdateAgentAsync(Ids.Alice, a => a with { Permissions = AgentPermissions.DefaultAgent & ~AgentPermissions.InviteParticipants });
        var taken = await desk.TakenAsync(Ids.Alice);

        (await desk.Conversations.InviteAsync(taken.Id, Ids.Alice, "@bob")).Refused(OperationErrorCode.NotPermitted, "Agent 'alice' lacks the InviteParticipants permission.");
    }
}
