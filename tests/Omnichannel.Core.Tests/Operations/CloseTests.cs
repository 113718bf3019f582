using NodaTime;
using Omnichannel.Agents;
using Omnichannel.Conversations;
using Omnichannel.Core.Tests.TestSupport;
using Omnichannel.Lifecycle;
using Omnichannel.Notifications;
using Omnichannel.Operations;

namespace Omnichannel.Core.Tests.Operations;

/// <summary>Closing: comment, tags and the department's tag rules, transcript choices, and who may close.</summary>
public sealed class CloseTests
{
    [Fact]
    public async Task Agent_closes_with_a_comment_and_tags()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        await desk.UpdateDepartmentAsync(Ids.Support, d => d with { ClosingTags = ["billing", "bug"] });
        var taken = await desk.AnsweredAsync(Ids.Alice);
        desk.Clock.Advance(Duration.FromMinutes(5));
        desk.Events.Clear();

        var closed = (await desk.Conversations.CloseAsync(taken.Id, Actor.Agent(Ids.Alice), new CloseRequest { Comment = "Refunded", Tags = [" billing ", "billing", "bug"] })).Ok();

        Assert.Equal(ConversationState.Closed, closed.State);
        Assert.Equal(desk.Clock.GetCurrentInstant(), closed.ClosedAt);
        Assert.Equal(Actor.Agent(Ids.Alice), closed.ClosedBy);
        Assert.Equal("Refunded", closed.ClosingComment);
        Assert.Equal(new[] { "billing", "bug" }, closed.Tags);
        Assert.False(closed.IsOpen);
        var change = Assert.Single(desk.Events.OfType<ConversationStateChanged>());
        Assert.Equal((ConversationState.Taken, ConversationTrigger.Close, ConversationState.Closed), (change.From, change.Trigger, change.To));
    }

    [Fact]
    public async Task Blank_comment_is_not_recorded()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var taken = await desk.TakenAsync(Ids.Alice);

        var closed = (await desk.Conversations.CloseAsync(taken.Id, Actor.Agent(Ids.Alice), new CloseRequest { Comment = "  " })).Ok();

        Assert.Null(closed.ClosingComment);
    }

    [Fact]
    public async Task Too_long_comment_is_refused()
    {
        using var desk = await OmnichannelHarness.CreateAsync(o => o.MaxCommentLength = 4);
        var taken = await desk.TakenAsync(Ids.Alice);

        (await desk.Conversations.CloseAsync(taken.Id, Actor.Agent(Ids.Alice), new CloseRequest { Comment = "Refunded" })).Refused(OperationErrorCode.InvalidArgument,
            "The closing comment has 8 characters; at most 4 are accepted.");
    }

    [Fact]
    public async Task Agent_close_without_tags_is_refused_when_the_department_requires_them()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        await desk.UpdateDepartmentAsync(Ids.Support, d => d with { RequireTagsOnClose = true, ClosingTags = ["billing", "bug"] });
        var taken = await desk.TakenAsync(Ids.Alice);

        (await desk.Conversations.CloseAsync(taken.Id, Actor.Agent(Ids.Alice))).Refused(OperationErrorCode.TagsRequired,
            $"Department 'support' requires at least one tag to close conversation '{taken.Id}'; choose from: billing, bug.");
        (await desk.Conversations.CloseAsync(taken.Id, Actor.Agent(Ids.Alice), new CloseRequest { Tags = ["  "] })).Refused(OperationErrorCode.TagsRequired);
        Assert.Equal(ConversationState.Taken, (await desk.ReadAsync(taken.Id)).State);
        Assert.Equal(new[] { "bug" }, (await desk.Conversations.CloseAsync(taken.Id, Actor.Agent(Ids.Alice), new CloseRequest { Tags = ["bug"] })).Ok().Tags);
    }

    [Fact]
    public async Task Tag_the_department_does_not_offer_is_refused()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        await desk.UpdateDepartmentAsync(Ids.Support, d => d with { ClosingTags = ["billing", "bug"] });
        var taken = await desk.TakenAsync(Ids.Alice);

        (await desk.Conversations.CloseAsync(taken.Id, Actor.Agent(Ids.Alice), new CloseRequest { Tags = ["billing", "weather"] })).Refused(OperationErrorCode.TagNotOffered,
            "Tag 'weather' is not offered by department 'support'; choose from: billing, bug.");
    }

    [Fact]
    public async Task Any_tag_is_accepted_when_the_department_offers_no_list()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var taken = await desk.TakenAsync(Ids.Alice);

        Assert.Equal(new[] { "weather" }, (await desk.Conversations.CloseAsync(taken.Id, Actor.Agent(Ids.Alice), new CloseRequest { Tags = ["weather"] })).Ok().Tags);
    }

    [Fact]
    public async Task Free_tags_differing_only_in_letter_case_are_recorded_once_as_first_written()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var taken = await desk.TakenAsync(Ids.Alice);

        var edited = (await desk.Conversations.UpdateTagsAsync(taken.Id, Ids.Alice, ["VIP", "vip", " Vip "])).Ok();
        var closed = (await desk.Conversations.CloseAsync(taken.Id, Actor.Agent(Ids.Alice), new CloseRequest { Tags = ["Billing", "billing", " BILLING ", "refund"] })).Ok();

        Assert.Equal(["VIP"], edited.Tags.ToArray());
        Assert.Equal(["Billing", "refund"], closed.Tags.ToArray());
    }

    [Fact]
    public async Task Default_tags_apply_when_none_are_chosen()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        await desk.UpdateDepartmentAsync(Ids.Support, d => d with { RequireTagsOnClose = true, ClosingTags = ["billing", "general"], DefaultClosingTags = ["general"] });
        var byAgent = await desk.TakenAsync(Ids.Alice, Ids.Dave);
        var chosen = await desk.TakenAsync(Ids.Alice, Ids.Erin);

        Assert.Equal(new[] { "general" }, (await desk.Conversations.CloseAsync(byAgent.Id, Actor.Agent(Ids.Alice))).Ok().Tags);
        Assert.Equal(new[] { "billing" }, (await desk.Conversations.CloseAsync(chosen.Id, Actor.Agent(Ids.Alice), new CloseRequest { Tags = ["billing"] })).Ok().Tags);
    }

    [Fact]
    public async Task Contact_and_system_closes_never_fail_for_tags()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        await desk.UpdateDepartmentAsync(Ids.Support, d => d with { RequireTagsOnClose = true, ClosingTags = ["billing"] });
        var byContact = await desk.TakenAsync(Ids.Alice, Ids.Dave);
        var bySystem = await desk.QueuedAsync(Ids.Erin);

        var closedByContact = (await desk.Conversations.CloseAsync(byContact.Id, Actor.Contact(Ids.Dave))).Ok();
        var closedBySystem = (await desk.Conversations.CloseAsync(bySystem.Id, Actor.System)).Ok();

        Assert.Empty(closedByContact.Tags);
        Assert.Equal(Actor.Contact(Ids.Dave), closedByContact.ClosedBy);
        Assert.Equal(Actor.System, closedBySystem.ClosedBy);
    }

    [Fact]
    public async Task Serving_agents_transcript_preferences_are_united_with_the_close_choices()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        // Alice may receive the PDF (Request PDF Transcript): without it her preference is skipped at close (ForwardRulesTests' sibling, PdfTranscriptRulesTests).
        await desk.UpdateAgentAsync(Ids.Alice, a => a with { Permissions = AgentPermissions.DefaultAgent | AgentPermissions.RequestPdfTranscript, TranscriptPreferences = new TranscriptPreferences(AlwaysExportPdf: true, AlwaysSendEmail: false) });
        var plain = await desk.TakenAsync(Ids.Alice, Ids.Dave);
        var withEmail = await desk.TakenAsync(Ids.Alice, Ids.Erin);
        var bobs = await desk.TakenAsync(Ids.Bob, await desk.ContactAsync(new ContactId("frank")));

        var pdfOnly = (await desk.Conversations.CloseAsync(plain.Id, Actor.Agent(Ids.Alice))).Ok();
        var both = (await desk.Conversations.CloseAsync(withEmail.Id, Actor.Agent(Ids.Alice), new CloseRequest { Transcript = new TranscriptChoices(ExportPdf: false, SendEmail: true) })).Ok();
        var none = (await desk.Conversations.CloseAsync(bobs.Id, Actor.Agent(Ids.Bob))).Ok();

        Assert.Equal(new TranscriptChoices(ExportPdf: true, SendEmail: false), pdfOnly.TranscriptChoices);
        Assert.Equal(new TranscriptChoices(ExportPdf: true, SendEmail: true), both.TranscriptChoices);
        Assert.Equal(TranscriptChoices.None, none.TranscriptChoices);
    }

    [Fact]
    public async Task Serving_agents_preferences_apply_when_the_contact_or_a_manager_closes()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        await desk.UpdateAgentAsync(Ids.Alice, a => a with { TranscriptPreferences = new TranscriptPreferences(AlwaysExportPdf: false, AlwaysSendEmail: true) });
        var byContact = await desk.TakenAsync(Ids.Alice, Ids.Dave);
        var byManager = await desk.TakenAsync(Ids.Alice, Ids.Erin);

        Assert.True((await desk.Conversations.CloseAsync(byContact.Id, Actor.Contact(Ids.Dave))).Ok().TranscriptChoices.SendEmail);
        Assert.True((await desk.Conversations.CloseAsync(byManager.Id, Actor.Agent(Ids.Mia))).Ok().TranscriptChoices.SendEmail);
    }

    [Fact]
    public async Task Close_by_an_agent_who_does_not_serve_it_is_refused()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var taken = await desk.TakenAsync(Ids.Alice);
        var queued = await desk.QueuedAsync(Ids.Erin);

        (await desk.Conversations.CloseAsync(taken.Id, Actor.Agent(Ids.Bob))).Refused(OperationErrorCode.NotServingAgent, "Agent 'bob'", $"conversation '{taken.Id}'", "served by agent 'alice'");
        (await desk.Conversations.CloseAsync(queued.Id, Actor.Agent(Ids.Bob))).Refused(OperationErrorCode.NotServingAgent, "not served by anyone");
    }

    [Fact]
    public async Task Close_by_another_contact_is_refused()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var taken = await desk.TakenAsync(Ids.Alice, Ids.Dave);

        (await desk.Conversations.CloseAsync(taken.Id, Actor.Contact(Ids.Erin))).Refused(OperationErrorCode.NotPermitted,
            $"Contact 'erin' cannot close conversation '{taken.Id}' of contact 'dave'.");
    }

    [Fact]
    public async Task Close_needs_the_permission()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        await desk.UpdateAgentAsync(Ids.Alice, a => a with { Permissions = AgentPermissions.DefaultAgent & ~AgentPermissions.CloseConversation });
        var taken = await desk.TakenAsync(Ids.Alice);

        (await desk.Conversations.CloseAsync(taken.Id, Actor.Agent(Ids.Alice))).Refused(OperationErrorCode.NotPermitted, "Agent 'alice' lacks the CloseConversation permission.");
    }

    [Fact]
    public async Task Every_open_state_can_be_closed()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var queued = await desk.QueuedAsync(Ids.Dave);
        var onHold = await desk.OnHoldAsync(Ids.Alice, Ids.Erin);

        Assert.Equal(ConversationState.Closed, (await desk.Conversations.CloseAsync(queued.Id, Actor.Contact(Ids.Dave))).Ok().State);
        Assert.Equal(ConversationState.Closed, (await desk.Conversations.CloseAsync(onHold.Id, Actor.Agent(Ids.Alice))).Ok().State);
    }

    [Fact]
    public async Task Closing_frees_the_agents_capacity()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        await desk.UpdateAgentAsync(Ids.Alice, a => a with { MaxSimultaneousConversations = 1 });
        var taken = await desk.TakenAsync(Ids.Alice, Ids.Dave);
        var waiting = await desk.QueuedAsync(Ids.Erin);
        (await desk.Conversations.TakeAsync(waiting.Id, Ids.Alice)).Refused(OperationErrorCode.AtCapacity);

        await desk.Conversations.CloseAsync(taken.Id, Actor.Agent(Ids.Alice));

        (await desk.Conversations.TakeAsync(waiting.Id, Ids.Alice)).Ok();
    }
}
