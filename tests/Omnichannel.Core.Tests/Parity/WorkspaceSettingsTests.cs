using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Omnichannel.Agents;
using Omnichannel.Conversations;
using Omnichannel.Core.Tests.TestSupport;
using Omnichannel.DependencyInjection;
using Omnichannel.Operations;
using Omnichannel.Capacity;
using Omnichannel.Storage;

namespace Omnichannel.Core.Tests.Parity;

/// <summary>The workspace settings of the anchor (issue 15): defaults equal to the anchor's, validated, and their rules.</summary>
public sealed class WorkspaceSettingsTests
{
    [Fact]
    public void Defaults_are_the_anchors()
    {
        var options = new OmnichannelOptions();

        Assert.False(options.AcceptConversationsWithNoAgentsOnline);   // Livechat_accept_chats_with_no_agents
        Assert.False(options.RouteToAwayAgents);
        Assert.Equal(0, options.MaxConversationsPerAgent);             // Livechat_maximum_chats_per_agent
        Assert.False(options.RequireCommentToClose);                   // enforced by the anchor's dialog only, not its API
        Assert.True(options.AllowContactsToClose);                     // Omnichannel_allow_visitors_to_close_conversation
        Assert.False(options.AllowHoldWhenContactWroteLast);           // Livechat_allow_manual_on_hold_upon_agent_engagement_only = true
        Assert.False(options.TranscriptsEnabled);                      // Livechat_enable_transcript
        Assert.False(options.AlwaysSendTranscriptEmail);               // Livechat_transcript_send_always
        Assert.False(options.AssignNewConversationsToBotsFirst);       // Livechat_assign_new_conversation_to_bot
        Assert.Empty(options.CustomFields);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(100_001)]
    public void A_workspace_limit_out_of_range_is_refused_naming_the_setting(int limit)
    {
        var error = Assert.Throws<OptionsValidationException>(() => new OmnichannelHarness(o => o.MaxConversationsPerAgent = limit).Dispose());

        Assert.Contains("OmnichannelOptions.MaxConversationsPerAgent", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_deactivated_agent_does_not_count_as_online_even_when_the_store_holds_them_available()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var store = desk.Services.GetRequiredService<Omnichannel.Agents.IAgentStore>();
        // As an import straight into the store could leave it: deactivated, yet Available.
        await store.SaveAsync(await desk.ReadAsync(Ids.Sam) with { Deactivated = true }, CancellationToken.None);
        Assert.Equal(AgentStatus.Available, (await desk.ReadAsync(Ids.Sam)).Status);

        (await desk.Conversations.ReceiveContactMessageAsync(Ids.Dave, Ids.Sales, "Hello?")).Refused(OperationErrorCode.Offline, "sales");
    }

    [Fact]
    public async Task First_message_with_no_agent_online_is_refused_offline_with_the_department_message_and_nothing_is_stored()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        await desk.UpdateDepartmentAsync(Ids.Sales, d => d with { OfflineMessage = "We are closed. Write to sales@example.com." });
        await desk.UpdateAgentAsync(Ids.Sam, a => a with { Status = AgentStatus.Away });
        var writes = await desk.Store.QueryAsync(new ConversationQuery { ContactId = Ids.Dave }, CancellationToken.None);
        desk.Events.Clear();

        var refused = await desk.Conversations.ReceiveContactMessageAsync(Ids.Dave, Ids.Sales, "Hello?");

        var error = refused.Refused(OperationErrorCode.Offline, "We are closed.");
        Assert.Equal("We are closed. Write to sales@example.com.", error.OfflineMessage);
        Assert.Equal(writes.Count, (await desk.Store.QueryAsync(new ConversationQuery { ContactId = Ids.Dave }, CancellationToken.None)).Count);
        Assert.Equal(0, desk.Events.Count);
    }

    [Fact]
    public async Task Offline_refusal_without_a_department_message_names_the_setting()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        await desk.UpdateAgentAsync(Ids.Sam, a => a with { Status = AgentStatus.Offline });

        var error = (await desk.Conversations.ReceiveContactMessageAsync(Ids.Dave, Ids.Sales, "Hello?")).Refused(OperationErrorCode.Offline, "AcceptConversationsWithNoAgentsOnline");

        Assert.Null(error.OfflineMessage);
    }

    [Fact]
    public async Task With_no_agent_online_the_first_message_queues_when_the_workspace_accepts_it()
    {
        using var desk = await OmnichannelHarness.CreateAsync(o => o.AcceptConversationsWithNoAgentsOnline = true);
        await desk.UpdateAgentAsync(Ids.Sam, a => a with { Status = AgentStatus.Offline });

        var queued = (await desk.Conversations.ReceiveContactMessageAsync(Ids.Dave, Ids.Sales, "Hello?")).Ok();

        Assert.Equal(ConversationState.Queued, queued.State);
    }

    [Fact]
    public async Task An_open_conversation_goes_on_when_its_agents_go_offline()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var queued = await desk.QueuedAsync(Ids.Dave, Ids.Sales);
        await desk.UpdateAgentAsync(Ids.Sam, a => a with { Status = AgentStatus.Offline });

        var second = (await desk.Conversations.ReceiveContactMessageAsync(Ids.Dave, Ids.Sales, "Still there?")).Ok();

        Assert.Equal(queued.Id, second.Id);
        Assert.Equal(2, second.MessageCount);
    }

    [Fact]
    public async Task An_Away_agent_counts_as_online_only_when_Away_agents_are_routed()
    {
        using var off = await OmnichannelHarness.CreateAsync();
        await off.UpdateAgentAsync(Ids.Sam, a => a with { Status = AgentStatus.Away });
        using var on = await OmnichannelHarness.CreateAsync(o => o.RouteToAwayAgents = true);
        await on.UpdateAgentAsync(Ids.Sam, a => a with { Status = AgentStatus.Away });

        (await off.Conversations.ReceiveContactMessageAsync(Ids.Dave, Ids.Sales, "Hi")).Refused(OperationErrorCode.Offline);
        (await on.Conversations.ReceiveContactMessageAsync(Ids.Dave, Ids.Sales, "Hi")).Ok();
    }

    [Fact]
    public async Task Routing_assigns_to_an_Away_agent_only_when_Away_agents_are_routed_and_they_still_cannot_take_themselves()
    {
        using var off = await OmnichannelHarness.CreateAsync(o => o.AcceptConversationsWithNoAgentsOnline = true);
        using var on = await OmnichannelHarness.CreateAsync(o => o.RouteToAwayAgents = true);
        foreach (var desk in new[] { off, on })
        {
            await desk.UpdateAgentAsync(Ids.Sam, a => a with { Status = AgentStatus.Away });
        }

        var offQueued = await off.QueuedAsync(Ids.Dave, Ids.Sales);
        var onQueued = await on.QueuedAsync(Ids.Dave, Ids.Sales);

        (await off.Conversations.AssignAsync(offQueued.Id, Ids.Sam)).Refused(OperationErrorCode.AgentNotAvailable, "RouteToAwayAgents");
        (await on.Conversations.TakeAsync(onQueued.Id, Ids.Sam)).Refused(OperationErrorCode.AgentNotAvailable);
        Assert.Equal(Ids.Sam, (await on.Conversations.AssignAsync(onQueued.Id, Ids.Sam)).Ok().ServingAgentId);
    }

    [Fact]
    public async Task The_workspace_limit_applies_to_agents_without_a_limit_of_their_own()
    {
        using var desk = await OmnichannelHarness.CreateAsync(o => o.MaxConversationsPerAgent = 1);
        await desk.TakenAsync(Ids.Alice, Ids.Dave);
        var second = await desk.QueuedAsync(Ids.Erin);

        (await desk.Conversations.TakeAsync(second.Id, Ids.Alice)).Refused(OperationErrorCode.AtCapacity);
    }

    [Fact]
    public async Task An_agents_own_limit_replaces_the_workspace_limit()
    {
        using var desk = await OmnichannelHarness.CreateAsync(o => o.MaxConversationsPerAgent = 1);
        await desk.UpdateAgentAsync(Ids.Alice, a => a with { MaxSimultaneousConversations = 2 });
        await desk.TakenAsync(Ids.Alice, Ids.Dave);
        var second = await desk.QueuedAsync(Ids.Erin);

        (await desk.Conversations.TakeAsync(second.Id, Ids.Alice)).Ok();
    }

    [Fact]
    public async Task The_department_limit_applies_on_top_of_the_workspace_limit()
    {
        using var desk = await OmnichannelHarness.CreateAsync(o => o.MaxConversationsPerAgent = 5);
        await desk.UpdateDepartmentAsync(Ids.Support, d => d with { MaxChatsPerAgent = 1 });
        await desk.TakenAsync(Ids.Alice, Ids.Dave);
        var second = await desk.QueuedAsync(Ids.Erin);

        (await desk.Conversations.TakeAsync(second.Id, Ids.Alice)).Refused(OperationErrorCode.AtCapacity);
    }

    [Fact]
    public void The_workspace_limit_is_in_the_one_capacity_rule_the_stores_claim_with()
    {
        var agent = new Agent { Id = Ids.Alice, Username = "alice" };
        var department = new Departments.Department { Id = Ids.Support, Name = "Support", MaxChatsPerAgent = 3 };

        var claim = CapacityClaim.For(agent, Ids.Support, department, "chat", countOnHold: false, workspaceLimit: 2);
        var own = CapacityClaim.For(agent with { MaxSimultaneousConversations = 4 }, Ids.Support, department, "chat", countOnHold: false, workspaceLimit: 2);

        Assert.Equal((2, 3), (claim.AgentLimit, claim.DepartmentLimit));
        Assert.Equal((4, 3), (own.AgentLimit, own.DepartmentLimit));
    }

    [Fact]
    public async Task A_comment_is_required_to_close_when_the_workspace_requires_one()
    {
        using var desk = await OmnichannelHarness.CreateAsync(o => o.RequireCommentToClose = true);
        var taken = await desk.TakenAsync(Ids.Alice);

        (await desk.Conversations.CloseAsync(taken.Id, Actor.Agent(Ids.Alice), new CloseRequest { Comment = "   " })).Refused(OperationErrorCode.CommentRequired, "RequireCommentToClose");
        Assert.True((await desk.ReadAsync(taken.Id)).IsOpen);
        Assert.Equal("Solved", (await desk.Conversations.CloseAsync(taken.Id, Actor.Agent(Ids.Alice), new CloseRequest { Comment = "Solved" })).Ok().ClosingComment);
    }

    [Fact]
    public async Task A_required_comment_does_not_stop_a_contact_or_the_system_closing()
    {
        using var desk = await OmnichannelHarness.CreateAsync(o => o.RequireCommentToClose = true);
        var first = await desk.TakenAsync(Ids.Alice, Ids.Dave);
        var second = await desk.TakenAsync(Ids.Bob, Ids.Erin);

        (await desk.Conversations.CloseAsync(first.Id, Actor.Contact(Ids.Dave))).Ok();
        (await desk.Conversations.CloseAsync(second.Id, Actor.System)).Ok();
    }

    [Fact]
    public async Task Contacts_cannot_close_their_conversations_when_the_workspace_forbids_it()
    {
        using var desk = await OmnichannelHarness.CreateAsync(o => o.AllowContactsToClose = false);
        var taken = await desk.TakenAsync(Ids.Alice, Ids.Dave);

        (await desk.Conversations.CloseAsync(taken.Id, Actor.Contact(Ids.Dave))).Refused(OperationErrorCode.NotPermitted, "AllowContactsToClose");
        (await desk.Conversations.CloseAsync(taken.Id, Actor.Agent(Ids.Alice))).Ok();
    }

    [Fact]
    public async Task Contacts_close_their_own_conversations_by_default()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var taken = await desk.TakenAsync(Ids.Alice, Ids.Dave);

        Assert.Equal(ConversationState.Closed, (await desk.Conversations.CloseAsync(taken.Id, Actor.Contact(Ids.Dave))).Ok().State);
    }

    [Fact]
    public async Task Hold_when_the_contact_wrote_last_is_refused_by_default()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var taken = await desk.TakenAsync(Ids.Alice);

        (await desk.Conversations.PlaceOnHoldAsync(taken.Id, Ids.Alice)).Refused(OperationErrorCode.GuardNotMet);
    }

    [Fact]
    public async Task Hold_when_the_contact_wrote_last_is_allowed_when_the_workspace_allows_it()
    {
        using var desk = await OmnichannelHarness.CreateAsync(o => o.AllowHoldWhenContactWroteLast = true);
        var taken = await desk.TakenAsync(Ids.Alice);

        Assert.Equal(ConversationState.OnHold, (await desk.Conversations.PlaceOnHoldAsync(taken.Id, Ids.Alice)).Ok().State);
    }

    [Fact]
    public async Task Allowing_hold_does_not_allow_holding_a_queued_conversation()
    {
        using var desk = await OmnichannelHarness.CreateAsync(o => o.AllowHoldWhenContactWroteLast = true);
        var queued = await desk.QueuedAsync();

        (await desk.Conversations.PlaceOnHoldAsync(queued.Id, Ids.Mia)).Refused(OperationErrorCode.InvalidTransition);
    }

    [Fact]
    public async Task Always_send_the_transcript_by_email_applies_to_every_close_beside_agents_preferences()
    {
        using var desk = await OmnichannelHarness.CreateAsync(o => o.AlwaysSendTranscriptEmail = true);
        var taken = await desk.TakenAsync(Ids.Alice, Ids.Dave);

        var closed = (await desk.Conversations.CloseAsync(taken.Id, Actor.Contact(Ids.Dave))).Ok();

        Assert.Equal(new TranscriptChoices(ExportPdf: false, SendEmail: true), closed.TranscriptChoices);
    }

    [Fact]
    public async Task Without_the_workspace_default_a_close_emails_no_transcript_unless_asked()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var taken = await desk.TakenAsync(Ids.Alice, Ids.Dave);

        Assert.Equal(TranscriptChoices.None, (await desk.Conversations.CloseAsync(taken.Id, Actor.Contact(Ids.Dave))).Ok().TranscriptChoices);
    }
}
