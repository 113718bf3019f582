using Omnichannel.Conversations;
using Omnichannel.Core.Tests.TestSupport;
using Omnichannel.Workspace.Tests;
using Omnichannel.Operations;

using static Omnichannel.Workspace.Tests.WorkspaceHarness;
using Omnichannel.Workspace.CannedResponses;

namespace Omnichannel.Workspace.Tests.CannedResponses;

/// <summary>Creating, changing, deleting and listing canned responses: scopes, permissions, shortcut rules.</summary>
public sealed class CannedResponseManagementTests
{
    private static CannedResponseDraft Draft(string shortcut, CannedResponseScope scope = CannedResponseScope.Private, DepartmentId? department = null, string text = "Thank you for contacting us.") =>
        new() { Shortcut = shortcut, Text = text, Scope = scope, DepartmentId = department };

    [Fact]
    public async Task A_private_response_belongs_to_the_agent_who_creates_it()
    {
        using var desk = await CreateAsync();

        var created = (await desk.CannedResponses.CreateAsync(Actor.Agent(Alice), Draft("!thanks"))).Ok();

        Assert.Equal("thanks", created.Shortcut);
        Assert.Equal(CannedResponseScope.Private, created.Scope);
        Assert.Equal(Alice, created.OwnerId);
        Assert.Equal(Alice, created.CreatedBy);
        Assert.Equal(Start, created.CreatedAt);
        Assert.Equal(1, created.Version);
    }

    [Theory]
    [InlineData("", "needs a shortcut")]
    [InlineData("!", "needs a shortcut")]
    [InlineData("my reply", "contains a space")]
    [InlineData("tab\there", "contains a space")]
    [InlineData("hi!", "contains '!'")]
    [InlineData("a/b", "contains '/'")]
    [InlineData("abcdefghijklmnopqrstuvwxyz0123456", "at most 32")]
    public async Task Invalid_shortcuts_are_refused_with_the_rule(string shortcut, string rule)
    {
        using var desk = await CreateAsync();

        var refused = await desk.CannedResponses.CreateAsync(Actor.Agent(Alice), Draft(shortcut));

        refused.Refused(OperationErrorCode.InvalidArgument, rule);
    }

    [Fact]
    public async Task A_shortcut_of_the_maximum_length_with_letters_digits_dash_and_underscore_is_accepted()
    {
        using var desk = await CreateAsync();
        var shortcut = "Olá-" + new string('x', CannedResponseLimits.MaxShortcutLength - 6) + "_9";

        var created = (await desk.CannedResponses.CreateAsync(Actor.Agent(Alice), Draft(shortcut))).Ok();

        Assert.Equal(shortcut, created.Shortcut);
    }

    [Fact]
    public async Task Shortcuts_are_unique_across_scopes_ignoring_letter_case()
    {
        using var desk = await CreateAsync();
        (await desk.CannedResponses.CreateAsync(Actor.Agent(Alice), Draft("hello"))).Ok();

        var asPublic = await desk.CannedResponses.CreateAsync(Actor.Agent(Mia), Draft("HELLO", CannedResponseScope.Public));
        var asOtherPrivate = await desk.CannedResponses.CreateAsync(Actor.Agent(Sam), Draft("Hello"));

        asPublic.Refused(OperationErrorCode.DuplicateShortcut, "'!HELLO' is already used");
        var error = asOtherPrivate.Refused(OperationErrorCode.DuplicateShortcut);
        Assert.DoesNotContain("alice", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("Hi {{contact.age}}", "{{contact.age}}")]
    [InlineData("Hi {{ }}", "{{}}")]
    [InlineData("/invite @bob", "starts with '/'")]
    [InlineData("   ", "has no text")]
    [InlineData("Hi\u0007 there", "control character U+0007 (at character 3)")]
    [InlineData("Hi\u007F there", "control character U+007F (at character 3)")]
    [InlineData("Hi\u0085 there", "control character U+0085 (at character 3)")]
    [InlineData("Hi\u009B there", "control character U+009B (at character 3)")]
    public async Task Invalid_texts_are_refused_when_saved(string text, string rule)
    {
        using var desk = await CreateAsync();

        var refused = await desk.CannedResponses.CreateAsync(Actor.Agent(Alice), Draft("greet", text: text));

        refused.Refused(OperationErrorCode.InvalidArgument, rule);
    }

    [Fact]
    public async Task A_text_longer_than_the_limit_is_refused()
    {
        using var desk = await CreateAsync();

        var refused = await desk.CannedResponses.CreateAsync(Actor.Agent(Alice), Draft("long", text: new string('a', CannedResponseLimits.MaxTextLength + 1)));

        refused.Refused(OperationErrorCode.InvalidArgument, $"at most {CannedResponseLimits.MaxTextLength}");
    }

    [Fact]
    public async Task Creating_needs_the_CreateCannedResponse_permission()
    {
        using var desk = await CreateAsync();

        var refused = await desk.CannedResponses.CreateAsync(Actor.Agent(Bob), Draft("mine"));

        refused.Refused(OperationErrorCode.NotPermitted, "'bob'", "CreateCannedResponse");
    }

    [Fact]
    public async Task Department_scope_needs_the_department_permission()
    {
        using var desk = await CreateAsync();

        var refused = await desk.CannedResponses.CreateAsync(Actor.Agent(Alice), Draft("dept", CannedResponseScope.Department, Support));

        refused.Refused(OperationErrorCode.NotPermitted, "ManageDepartmentCannedResponses", "'support'");
    }

    [Fact]
    public async Task Department_scope_needs_membership_of_that_department()
    {
        using var desk = await CreateAsync();

        var own = await desk.CannedResponses.CreateAsync(Actor.Agent(Mia), Draft("support-hours", CannedResponseScope.Department, Support));
        var other = await desk.CannedResponses.CreateAsync(Actor.Agent(Mia), Draft("sales-hours", CannedResponseScope.Department, Sales));

        Assert.Equal(Support, own.Ok().DepartmentId);
        other.Refused(OperationErrorCode.NotDepartmentMember, "'sales'");
    }

    [Fact]
    public async Task Public_scope_is_for_managers_and_the_host()
    {
        using var desk = await CreateAsync();

        var byAgent = await desk.CannedResponses.CreateAsync(Actor.Agent(Alice), Draft("pub1", CannedResponseScope.Public));
        var byManager = await desk.CannedResponses.CreateAsync(Actor.Agent(Mia), Draft("pub2", CannedResponseScope.Public));
        var byHost = await desk.CannedResponses.CreateAsync(Actor.System, Draft("pub3", CannedResponseScope.Public));

        byAgent.Refused(OperationErrorCode.NotPermitted, "public");
        Assert.Equal(Mia, byManager.Ok().CreatedBy);
        Assert.Null(byHost.Ok().CreatedBy);
    }

    [Fact]
    public async Task The_host_creates_no_private_responses_and_contacts_create_none()
    {
        using var desk = await CreateAsync();

        (await desk.CannedResponses.CreateAsync(Actor.System, Draft("orphan"))).Refused(OperationErrorCode.InvalidArgument, "private");
        (await desk.CannedResponses.CreateAsync(Actor.Contact(Dave), Draft("visitor"))).Refused(OperationErrorCode.NotPermitted, "contact 'dave'");
    }

    [Fact]
    public async Task A_scope_and_department_must_agree()
    {
        using var desk = await CreateAsync();

        (await desk.CannedResponses.CreateAsync(Actor.Agent(Mia), Draft("nodept", CannedResponseScope.Department))).Refused(OperationErrorCode.InvalidArgument, "needs its department");
        (await desk.CannedResponses.CreateAsync(Actor.Agent(Mia), Draft("mixed", CannedResponseScope.Public, Support))).Refused(OperationErrorCode.InvalidArgument, "has no department");
    }

    [Fact]
    public async Task A_department_response_needs_a_department_that_exists()
    {
        using var desk = await CreateAsync();
        var nowhere = new DepartmentId("nowhere");

        (await desk.CannedResponses.CreateAsync(Actor.System, Draft("ghost", CannedResponseScope.Department, nowhere)))
            .Refused(OperationErrorCode.InvalidDepartment, "'nowhere'", "does not exist");
        var created = (await desk.CannedResponses.CreateAsync(Actor.System, Draft("real", CannedResponseScope.Department, Support))).Ok();
        (await desk.CannedResponses.UpdateAsync(Actor.System, created with { DepartmentId = nowhere }))
            .Refused(OperationErrorCode.InvalidDepartment, "'nowhere'");
        (await desk.CannedResponses.UpdateAsync(Actor.System, created with { Text = "Thanks for writing to Support." })).Ok();
    }

    [Fact]
    public async Task Creating_from_a_conversation_needs_the_agent_to_be_in_it()
    {
        using var desk = await CreateAsync();
        var conversation = await desk.TakenAsync(Bob);
        await desk.AgentAsync(new AgentId("carl"), Support, a => a with { Permissions = Agents.AgentPermissions.DefaultAgent | Agents.AgentPermissions.CreateCannedResponse });

        var outsider = await desk.CannedResponses.CreateAsync(Actor.Agent(new AgentId("carl")), Draft("x1") with { FromConversation = conversation.Id });
        var manager = await desk.CannedResponses.CreateAsync(Actor.Agent(Mia), Draft("x2") with { FromConversation = conversation.Id });
        var missing = await desk.CannedResponses.CreateAsync(Actor.Agent(Mia), Draft("x3") with { FromConversation = new ConversationId("nope") });

        outsider.Refused(OperationErrorCode.NotServingAgent, "'carl'", $"'{conversation.Id}'");
        Assert.Equal(conversation.Id, manager.Ok().CreatedInConversation);
        missing.Refused(OperationErrorCode.NotFound, "'nope'");
    }

    [Fact]
    public async Task Update_changes_shortcut_and_text_and_frees_the_old_shortcut()
    {
        using var desk = await CreateAsync();
        var created = (await desk.CannedResponses.CreateAsync(Actor.Agent(Alice), Draft("bye"))).Ok();
        desk.Clock.Advance(NodaTime.Duration.FromMinutes(1));

        var changed = (await desk.CannedResponses.UpdateAsync(Actor.Agent(Alice), created with { Shortcut = "!goodbye", Text = "Goodbye, {{contact.name}}!" })).Ok();
        var reused = await desk.CannedResponses.CreateAsync(Actor.Agent(Sam), Draft("bye"));

        Assert.Equal(("goodbye", "Goodbye, {{contact.name}}!", 2), (changed.Shortcut, changed.Text, changed.Version));
        Assert.Equal(Start, changed.CreatedAt);
        Assert.Equal(Start + NodaTime.Duration.FromMinutes(1), changed.UpdatedAt);
        reused.Ok();
    }

    [Fact]
    public async Task Update_from_a_stale_read_is_a_conflict()
    {
        using var desk = await CreateAsync();
        var read = (await desk.CannedResponses.CreateAsync(Actor.Agent(Alice), Draft("hours"))).Ok();
        (await desk.CannedResponses.UpdateAsync(Actor.Agent(Alice), read with { Text = "We open at 9." })).Ok();

        var stale = await desk.CannedResponses.UpdateAsync(Actor.Agent(Alice), read with { Text = "We open at 8." });

        stale.Refused(OperationErrorCode.Conflict, "'!hours'", "read it again");
        Assert.Equal("We open at 9.", (await desk.CannedResponses.GetAsync(Actor.System, read.Id)).Ok().Text);
    }

    [Fact]
    public async Task Update_may_not_move_a_response_into_a_scope_the_agent_may_not_manage()
    {
        using var desk = await CreateAsync();
        var mine = (await desk.CannedResponses.CreateAsync(Actor.Agent(Alice), Draft("mine"))).Ok();

        var toPublic = await desk.CannedResponses.UpdateAsync(Actor.Agent(Alice), mine with { Scope = CannedResponseScope.Public });

        toPublic.Refused(OperationErrorCode.NotPermitted, "public");
    }

    [Fact]
    public async Task Another_agents_private_response_can_be_neither_changed_nor_deleted()
    {
        using var desk = await CreateAsync();
        var alices = (await desk.CannedResponses.CreateAsync(Actor.Agent(Alice), Draft("secret"))).Ok();

        (await desk.CannedResponses.UpdateAsync(Actor.Agent(Sam), alices with { Text = "Mine now" })).Refused(OperationErrorCode.NotPermitted, "private");
        (await desk.CannedResponses.DeleteAsync(Actor.Agent(Mia), alices.Id)).Refused(OperationErrorCode.NotPermitted, "private");
        (await desk.CannedResponses.GetAsync(Actor.Agent(Alice), alices.Id)).Ok();
    }

    [Fact]
    public async Task Delete_removes_the_response_once()
    {
        using var desk = await CreateAsync();
        var created = (await desk.CannedResponses.CreateAsync(Actor.Agent(Alice), Draft("temp"))).Ok();

        (await desk.CannedResponses.DeleteAsync(Actor.Agent(Alice), created.Id)).Ok();
        var again = await desk.CannedResponses.DeleteAsync(Actor.Agent(Alice), created.Id);

        again.Refused(OperationErrorCode.NotFound, created.Id.Value);
        (await desk.CannedResponses.GetAsync(Actor.System, created.Id)).Refused(OperationErrorCode.NotFound, created.Id.Value);
    }

    [Fact]
    public async Task An_agent_lists_public_their_departments_and_their_own_responses()
    {
        using var desk = await CreateAsync();
        (await desk.CannedResponses.CreateAsync(Actor.System, Draft("welcome", CannedResponseScope.Public))).Ok();
        (await desk.CannedResponses.CreateAsync(Actor.System, Draft("support-hours", CannedResponseScope.Department, Support))).Ok();
        (await desk.CannedResponses.CreateAsync(Actor.System, Draft("sales-prices", CannedResponseScope.Department, Sales))).Ok();
        (await desk.CannedResponses.CreateAsync(Actor.Agent(Alice), Draft("alice-sign"))).Ok();
        (await desk.CannedResponses.CreateAsync(Actor.Agent(Sam), Draft("sam-sign"))).Ok();

        var alices = (await desk.CannedResponses.ListAsync(Alice)).Ok();
        var sams = (await desk.CannedResponses.ListAsync(Sam)).Ok();
        var bobs = (await desk.CannedResponses.ListAsync(Bob)).Ok();

        Assert.Equal(["alice-sign", "support-hours", "welcome"], alices.Select(r => r.Shortcut));
        Assert.Equal(["sales-prices", "sam-sign", "welcome"], sams.Select(r => r.Shortcut));
        Assert.Equal(["support-hours", "welcome"], bobs.Select(r => r.Shortcut));
    }

    [Theory]
    [InlineData("s", new[] { "sign", "support-hours" })]
    [InlineData("!SU", new[] { "support-hours" })]
    [InlineData("!", new[] { "sign", "support-hours", "welcome" })]
    [InlineData("x", new string[0])]
    public async Task The_drop_down_filters_by_the_typed_prefix(string typed, string[] expected)
    {
        using var desk = await CreateAsync();
        (await desk.CannedResponses.CreateAsync(Actor.System, Draft("welcome", CannedResponseScope.Public))).Ok();
        (await desk.CannedResponses.CreateAsync(Actor.System, Draft("support-hours", CannedResponseScope.Department, Support))).Ok();
        (await desk.CannedResponses.CreateAsync(Actor.Agent(Alice), Draft("sign"))).Ok();

        var shown = (await desk.CannedResponses.ListAsync(Alice, typed)).Ok();

        Assert.Equal(expected, shown.Select(r => r.Shortcut));
    }

    [Theory]
    [InlineData("we\0", "U+0000")]
    [InlineData("\nwe", "U+000A")]
    [InlineData("lone high surrogate", "unpaired surrogate")] // built below: attribute strings cannot carry one
    public async Task A_prefix_no_shortcut_can_hold_is_refused_as_invalid(string typed, string named)
    {
        using var desk = await CreateAsync();
        (await desk.CannedResponses.CreateAsync(Actor.System, Draft("welcome", CannedResponseScope.Public))).Ok();

        typed = typed == "lone high surrogate" ? "we" + '\ud800' : typed;

        (await desk.CannedResponses.ListAsync(Alice, typed)).Refused(OperationErrorCode.InvalidArgument, named);
    }

    [Fact]
    public async Task Listing_for_an_unknown_agent_is_refused()
    {
        using var desk = await CreateAsync();

        (await desk.CannedResponses.ListAsync(new AgentId("ghost"))).Refused(OperationErrorCode.NotFound, "'ghost'");
    }
}
