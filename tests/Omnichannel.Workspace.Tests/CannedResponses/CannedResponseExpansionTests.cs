using FsCheck;
using FsCheck.Fluent;
using Omnichannel.Contacts;
using Omnichannel.Conversations;
using Omnichannel.Core.Tests.TestSupport;
using Omnichannel.Operations;

using static Omnichannel.Workspace.Tests.WorkspaceHarness;
using Omnichannel.Workspace.CannedResponses;

namespace Omnichannel.Workspace.Tests.CannedResponses;

/// <summary><c>!shortcut</c> at the start of a message, placeholders, and the refusals that keep half-filled messages from being sent.</summary>
public sealed class CannedResponseExpansionTests
{
    private static async Task<CannedResponse> PublicAsync(WorkspaceHarness desk, string shortcut, string text) =>
        (await desk.CannedResponses.CreateAsync(Actor.System, new CannedResponseDraft { Shortcut = shortcut, Text = text, Scope = CannedResponseScope.Public })).Ok();

    [Fact]
    public async Task The_shortcut_is_replaced_and_every_placeholder_filled_in()
    {
        using var desk = await CreateAsync();
        var greet = await PublicAsync(desk, "greet", "Hi {{contact.name}} ({{ CONTACT.EMAIL }}, {{contact.phone}}), I am {{agent.name}} <{{agent.email}}>.");
        var conversation = await desk.TakenAsync(Alice, Dave);

        var expansion = (await desk.CannedResponses.ExpandForConversationAsync(conversation.Id, Alice, "!greet How can I help?")).Ok();

        Assert.Equal("Hi Dave Doe (dave@example.com, +1 555 010 2030), I am Alice Lee <alice@desk.example>. How can I help?", expansion.Text);
        Assert.True(expansion.Expanded);
        Assert.Equal(greet.Id, expansion.Response!.Id);
    }

    [Theory]
    [InlineData("!thanks", "Thank you!")]
    [InlineData("!THANKS", "Thank you!")]
    [InlineData("!thanks, bye", "Thank you!, bye")]
    [InlineData("!thanks\nSecond line", "Thank you!\nSecond line")]
    public async Task The_shortcut_ends_at_the_first_character_that_cannot_be_in_one(string typed, string sent)
    {
        using var desk = await CreateAsync();
        await PublicAsync(desk, "thanks", "Thank you!");

        var expansion = (await desk.CannedResponses.ExpandAsync(Alice, typed)).Ok();

        Assert.Equal(sent, expansion.Text);
    }

    [Theory]
    [InlineData("Hello !thanks")]
    [InlineData("! thanks")]
    [InlineData("!")]
    [InlineData("")]
    [InlineData("/invite @bob")]
    public async Task Text_that_does_not_start_with_a_shortcut_is_sent_unchanged(string typed)
    {
        using var desk = await CreateAsync();
        await PublicAsync(desk, "thanks", "Thank you!");

        var expansion = (await desk.CannedResponses.ExpandAsync(Alice, typed)).Ok();

        Assert.Equal(typed, expansion.Text);
        Assert.False(expansion.Expanded);
    }

    [Fact]
    public async Task A_double_exclamation_mark_sends_a_literal_one()
    {
        using var desk = await CreateAsync();
        await PublicAsync(desk, "important", "This is scripted.");

        var expansion = (await desk.CannedResponses.ExpandAsync(Alice, "!!important: the server is down")).Ok();

        Assert.Equal("!important: the server is down", expansion.Text);
        Assert.False(expansion.Expanded);
    }

    [Fact]
    public async Task An_unknown_shortcut_is_refused_with_similar_ones_and_nothing_is_posted()
    {
        using var desk = await CreateAsync();
        await PublicAsync(desk, "thanks", "Thank you!");
        await PublicAsync(desk, "thx", "Thanks!");
        var conversation = await desk.TakenAsync(Alice, Dave);

        var refused = await desk.CannedResponses.PostAgentMessageAsync(conversation.Id, Alice, "!thank-you for waiting");

        refused.Refused(OperationErrorCode.UnknownShortcut, "'!thank-you'", "'alice'", "!thanks, !thx", "nothing was sent");
        Assert.Equal(conversation.MessageCount, (await desk.ReadAsync(conversation.Id)).MessageCount);
    }

    [Fact]
    public async Task Another_agents_private_and_another_departments_responses_are_unknown_shortcuts()
    {
        using var desk = await CreateAsync();
        (await desk.CannedResponses.CreateAsync(Actor.Agent(Sam), new CannedResponseDraft { Shortcut = "sams", Text = "Sam's own" })).Ok();
        (await desk.CannedResponses.CreateAsync(Actor.System, new CannedResponseDraft { Shortcut = "prices", Text = "Our prices", Scope = CannedResponseScope.Department, DepartmentId = Sales })).Ok();

        (await desk.CannedResponses.ExpandAsync(Alice, "!sams")).Refused(OperationErrorCode.UnknownShortcut, "'!sams'");
        (await desk.CannedResponses.ExpandAsync(Alice, "!prices")).Refused(OperationErrorCode.UnknownShortcut, "'!prices'");
        Assert.Equal("Our prices", (await desk.CannedResponses.ExpandAsync(Sam, "!prices")).Ok().Text);
    }

    [Fact]
    public async Task A_placeholder_without_a_value_is_refused_and_nothing_is_posted()
    {
        using var desk = await CreateAsync();
        await PublicAsync(desk, "mail", "We will write to {{contact.email}} and call {{contact.phone}}.");
        var conversation = await desk.TakenAsync(Alice, Erin);

        var refused = await desk.CannedResponses.PostAgentMessageAsync(conversation.Id, Alice, "!mail");

        refused.Refused(OperationErrorCode.PlaceholderValueMissing, "'!mail'", "{{contact.email}} (contact 'erin' has no email address)", "{{contact.phone}} (contact 'erin' has no phone number)");
        Assert.Equal(conversation.MessageCount, (await desk.ReadAsync(conversation.Id)).MessageCount);
    }

    [Fact]
    public async Task A_stored_response_with_an_unknown_placeholder_is_refused_not_half_filled()
    {
        using var desk = await CreateAsync();
        // An adapter or an older version stored it without validation.
        await desk.CannedResponseStore.SaveAsync(new CannedResponse
        {
            Id = new CannedResponseId("legacy"),
            Shortcut = "legacy",
            Text = "Hello {{contact.name}}, your order {{order.id}} shipped.",
            CreatedAt = Start,
            UpdatedAt = Start,
        }, CancellationToken.None);

        var refused = await desk.CannedResponses.ExpandAsync(Alice, "!legacy", Dave);

        refused.Refused(OperationErrorCode.UnknownPlaceholder, "{{order.id}}", "{{contact.name}}", "nothing was sent");
    }

    [Fact]
    public async Task Outside_omnichannel_conversations_agent_placeholders_work_and_contact_ones_are_refused()
    {
        using var desk = await CreateAsync();
        await PublicAsync(desk, "sign", "-- {{agent.name}}");
        await PublicAsync(desk, "hi", "Hi {{contact.name}}");

        var signed = (await desk.CannedResponses.ExpandAsync(Uma, "!sign")).Ok();
        var refused = await desk.CannedResponses.ExpandAsync(Uma, "!hi");

        Assert.Equal("-- uma", signed.Text);
        refused.Refused(OperationErrorCode.PlaceholderValueMissing, "there is no contact here");
    }

    [Fact]
    public async Task Expansion_for_a_conversation_needs_the_agent_in_it()
    {
        using var desk = await CreateAsync();
        await PublicAsync(desk, "hi", "Hi {{contact.name}}");
        var conversation = await desk.TakenAsync(Alice, Dave);

        var refused = await desk.CannedResponses.ExpandForConversationAsync(conversation.Id, Bob, "!hi");

        refused.Refused(OperationErrorCode.NotServingAgent, "'bob'", "use canned responses");
    }

    [Fact]
    public async Task Posting_with_a_shortcut_stores_the_expanded_message()
    {
        using var desk = await CreateAsync();
        await PublicAsync(desk, "hi", "Hi {{contact.name}}, I am {{agent.name}}.");
        var conversation = await desk.TakenAsync(Alice, Dave);

        var posted = (await desk.CannedResponses.PostAgentMessageAsync(conversation.Id, Alice, "!hi")).Ok();

        var message = (await desk.MessagesAsync(posted.Id))[^1];
        Assert.Equal((AuthorKind.Agent, "alice", "Hi Dave Doe, I am Alice Lee."), (message.AuthorKind, message.AuthorId, message.Text));
    }

    [Fact]
    public async Task The_latest_contact_information_is_used()
    {
        using var desk = await CreateAsync();
        await PublicAsync(desk, "hi", "Hi {{contact.name}}");
        var conversation = await desk.TakenAsync(Alice, Dave);
        var dave = (await desk.Contacts.GetAsync(Dave, Alice)).Ok();
        (await desk.Contacts.UpdateAsync(dave with { Name = "David Doe" }, Alice)).Ok();

        var expansion = (await desk.CannedResponses.ExpandForConversationAsync(conversation.Id, Alice, "!hi")).Ok();

        Assert.Equal("Hi David Doe", expansion.Text);
    }

    [Fact]
    public async Task Any_text_not_starting_with_an_exclamation_mark_is_returned_unchanged()
    {
        using var desk = await CreateAsync();
        await PublicAsync(desk, "a", "expanded");

        var property = Prop.ForAll(ArbMap.Default.ArbFor<NonNull<string>>(), text =>
        {
            var typed = text.Get.StartsWith('!') ? " " + text.Get : text.Get;
            var expansion = desk.CannedResponses.ExpandAsync(Alice, typed).AsTask().GetAwaiter().GetResult();
            return expansion.Succeeded && expansion.Value.Text == typed && !expansion.Value.Expanded;
        });

        property.QuickCheckThrowOnFailure();
    }

    [Fact]
    public async Task Expansion_is_the_response_text_followed_by_what_was_typed_after_the_shortcut()
    {
        using var desk = await CreateAsync();
        await PublicAsync(desk, "sig", "Best regards, {{agent.name}}");

        var property = Prop.ForAll(ArbMap.Default.ArbFor<NonNull<string>>(), rest =>
        {
            // Whatever follows must not continue the shortcut: start it with a character no shortcut has.
            var remainder = " " + rest.Get;
            var expansion = desk.CannedResponses.ExpandAsync(Alice, "!sig" + remainder).AsTask().GetAwaiter().GetResult();
            return expansion.Succeeded && expansion.Value.Text == "Best regards, Alice Lee" + remainder;
        });

        property.QuickCheckThrowOnFailure();
    }

    [Fact]
    public async Task A_filled_in_response_starting_with_a_slash_is_refused_not_run_as_a_command()
    {
        using var desk = await CreateAsync();
        await PublicAsync(desk, "hi", "{{contact.name}}, welcome back.");
        var conversation = await desk.TakenAsync(Alice, Dave);
        var dave = (await desk.Contacts.GetAsync(Dave, Alice)).Ok();
        (await desk.Contacts.UpdateAsync(dave with { Name = "/invite bob" }, Alice)).Ok();

        var expanded = await desk.CannedResponses.ExpandForConversationAsync(conversation.Id, Alice, "!hi");
        var posted = await desk.CannedResponses.PostAgentMessageAsync(conversation.Id, Alice, "!hi");

        expanded.Refused(OperationErrorCode.InvalidArgument, "'!hi'", "starts with '/'", "{{contact.name}}", "command", "nothing was sent");
        posted.Refused(OperationErrorCode.InvalidArgument, "'!hi'", "starts with '/'");
        var after = await desk.ReadAsync(conversation.Id);
        Assert.Equal(conversation.MessageCount, after.MessageCount);
        Assert.Equal(conversation.Participants, after.Participants);
    }

    [Fact]
    public async Task A_filled_in_response_longer_than_a_message_is_refused_naming_the_limit()
    {
        using var desk = await CreateAsync();
        await PublicAsync(desk, "policy", new string('p', CannedResponseLimits.MaxTextLength));
        var conversation = await desk.TakenAsync(Alice, Dave);
        var typed = "!policy " + new string('x', 20_000 - "!policy ".Length);

        var expanded = await desk.CannedResponses.ExpandForConversationAsync(conversation.Id, Alice, typed);

        expanded.Refused(OperationErrorCode.InvalidArgument, "'!policy'", $"{CannedResponseLimits.MaxTextLength + typed.Length - "!policy".Length} characters", "OmnichannelOptions.MaxMessageLength", "Nothing was sent");
        Assert.Equal(conversation.MessageCount, (await desk.ReadAsync(conversation.Id)).MessageCount);
    }
}
