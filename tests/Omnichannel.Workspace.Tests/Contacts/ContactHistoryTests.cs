using NodaTime;
using Omnichannel.Conversations;
using Omnichannel.Core.Tests.TestSupport;
using Omnichannel.Operations;

using static Omnichannel.Workspace.Tests.WorkspaceHarness;
using Omnichannel.Workspace.Search;

namespace Omnichannel.Workspace.Tests.Contacts;

/// <summary>A contact's chat history: earlier conversations with their last closing message, and a search across them.</summary>
public sealed class ContactHistoryTests
{
    [Fact]
    public async Task The_history_lists_closed_conversations_newest_first_with_the_last_closing_message()
    {
        using var desk = await CreateAsync();
        var first = await desk.ClosedAsync(Alice, Dave, Support, "My invoice is wrong", "Fixed, error404 was ours.", "Thanks!");
        desk.Clock.Advance(Duration.FromHours(1));
        var second = await desk.ClosedAsync(Bob, Dave, Support, "Login fails", "Reset your password.", "Done", "Glad it works. Bye!", "Bye");
        desk.Clock.Advance(Duration.FromHours(1));
        await desk.TakenAsync(Alice, Dave); // Still open: not history yet.

        var history = (await desk.History.GetHistoryAsync(Dave, Alice)).Ok();

        Assert.Equal("Dave Doe", history.Contact.Name);
        Assert.Equal([second.Id, first.Id], history.Conversations.Select(c => c.ConversationId));
        var latest = history.Conversations[0];
        // Five written, and the system messages of the take and of the close; the last closing message is still the agent's.
        Assert.Equal(("Glad it works. Bye!", Bob, 7, second.ClosedAt!.Value), (latest.LastClosingMessage!.Text, latest.AgentId!.Value, latest.MessageCount, latest.ClosedAt));
        Assert.Equal("Fixed, error404 was ours.", history.Conversations[1].LastClosingMessage!.Text);
    }

    [Fact]
    public async Task A_conversation_no_agent_wrote_in_has_no_closing_message()
    {
        using var desk = await CreateAsync();
        var queued = (await desk.Conversations.ReceiveContactMessageAsync(Erin, Support, "Anyone?")).Ok();
        (await desk.Conversations.CloseAsync(queued.Id, Actor.Contact(Erin))).Ok();

        var entry = Assert.Single((await desk.History.GetHistoryAsync(Erin, Bob)).Ok().Conversations);

        Assert.Null(entry.LastClosingMessage);
        Assert.Null(entry.AgentId);
    }

    [Fact]
    public async Task Opening_the_history_from_a_conversation_shows_the_contacts_other_conversations()
    {
        using var desk = await CreateAsync();
        var earlier = await desk.ClosedAsync(Alice, Dave, Support, "Hi", "Hello!");
        var current = await desk.TakenAsync(Alice, Dave);

        var history = (await desk.History.GetHistoryForConversationAsync(current.Id, Alice)).Ok();

        Assert.Equal(Dave, history.Contact.Id);
        Assert.Equal([earlier.Id], history.Conversations.Select(c => c.ConversationId));
    }

    [Fact]
    public async Task Agents_see_only_their_departments_conversations_or_those_they_were_in()
    {
        using var desk = await CreateAsync();
        var support = await desk.ClosedAsync(Alice, Dave, Support, "Support question", "Support answer");
        var sales = await desk.ClosedAsync(Sam, Dave, Sales, "Sales question", "Sales answer");

        var alices = (await desk.History.GetHistoryAsync(Dave, Alice)).Ok();
        var sams = (await desk.History.GetHistoryAsync(Dave, Sam)).Ok();
        var salesSearch = (await desk.History.SearchHistoryAsync(Dave, Sam, MessageSearchQuery.PlainText("question"))).Ok();

        Assert.Equal([support.Id], alices.Conversations.Select(c => c.ConversationId));
        Assert.Equal([sales.Id], sams.Conversations.Select(c => c.ConversationId));
        Assert.All(salesSearch.Matches, m => Assert.Equal(sales.Id, m.ConversationId));
    }

    [Fact]
    public async Task Searching_the_history_finds_matches_in_every_earlier_conversation()
    {
        using var desk = await CreateAsync();
        var first = await desk.ClosedAsync(Alice, Dave, Support, "I get error404", "error404 means not found");
        desk.Clock.Advance(Duration.FromHours(1));
        var second = await desk.ClosedAsync(Bob, Dave, Support, "Now error500", "error500 is on us");

        var result = (await desk.History.SearchHistoryAsync(Dave, Alice, MessageSearchQuery.Regex(@"error\d{3}"))).Ok();

        Assert.Equal(
            // Message 2 of each is the take's system message, the last one the close's.
            [(second.Id, 1, 4), (second.Id, 3, 0), (first.Id, 1, 6), (first.Id, 3, 0)],
            result.Matches.Select(m => (m.ConversationId, m.Sequence, m.Index)));
        Assert.Equal(8, result.MessagesSearched);
    }

    [Fact]
    public async Task History_searches_report_invalid_patterns_and_timeouts_like_conversation_searches()
    {
        using var desk = await CreateAsync();
        await desk.ClosedAsync(Alice, Dave, Support, new string('a', 40) + "!", "ok");

        (await desk.History.SearchHistoryAsync(Dave, Alice, MessageSearchQuery.Regex("(unclosed"))).Refused(OperationErrorCode.InvalidSearchPattern);
        (await desk.History.SearchHistoryAsync(Dave, Alice, MessageSearchQuery.Regex(@"^(a+)+\1$"))).Refused(OperationErrorCode.SearchTimedOut, "the chat history of contact 'dave'");
    }

    [Fact]
    public async Task Users_without_an_omnichannel_role_and_unknown_contacts_are_refused()
    {
        using var desk = await CreateAsync();

        (await desk.History.GetHistoryAsync(Dave, Uma)).Refused(OperationErrorCode.NotPermitted, "not an omnichannel agent");
        (await desk.History.GetHistoryAsync(new ContactId("nobody"), Alice)).Refused(OperationErrorCode.NotFound, "'nobody'");
        (await desk.History.GetHistoryForConversationAsync(new ConversationId("nope"), Alice)).Refused(OperationErrorCode.NotFound, "'nope'");
    }

    [Fact]
    public async Task Searching_the_history_of_an_unknown_contact_is_refused_as_reading_it_is()
    {
        using var desk = await CreateAsync();

        (await desk.History.SearchHistoryAsync(new ContactId("nobody"), Alice, MessageSearchQuery.PlainText("invoice")))
            .Refused(OperationErrorCode.NotFound, "Contact 'nobody' does not exist");
    }
}
