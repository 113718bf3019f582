using FsCheck;
using FsCheck.Fluent;
using Omnichannel.Conversations;
using Omnichannel.Core.Tests.TestSupport;
using Omnichannel.Workspace.Tests;
using Omnichannel.Operations;

using static Omnichannel.Workspace.Tests.WorkspaceHarness;
using Omnichannel.Workspace.Search;

namespace Omnichannel.Workspace.Tests.Search;

/// <summary>Searching a conversation's messages by plain text or regular expression.</summary>
public sealed class MessageSearchTests
{
    private static async Task<Conversation> ChatAsync(WorkspaceHarness desk, params string[] agentMessages)
    {
        var conversation = await desk.TakenAsync(Alice, Dave, text: "My app shows ERROR404 and then Error500.");
        foreach (var text in agentMessages)
        {
            conversation = (await desk.Conversations.PostAgentMessageAsync(conversation.Id, Alice, text)).Ok();
        }

        return conversation;
    }

    [Fact]
    public async Task Plain_text_is_found_ignoring_letter_case_with_every_position()
    {
        using var desk = await CreateAsync();
        var conversation = await ChatAsync(desk, "An error is an Error.", "No problem here.");

        var result = (await desk.Search.SearchMessagesAsync(conversation.Id, Alice, MessageSearchQuery.PlainText("error"))).Ok();

        Assert.Equal(
            [new(conversation.Id, 1, 13, 5), new(conversation.Id, 1, 31, 5), new(conversation.Id, 3, 3, 5), new(conversation.Id, 3, 15, 5)],
            result.Matches.ToArray());
        Assert.Equal(4, result.MessagesSearched); // with the system message of the take (message 2)
        Assert.False(result.Truncated);
    }

    [Fact]
    public async Task A_regular_expression_finds_error_followed_by_three_digits()
    {
        using var desk = await CreateAsync();
        var conversation = await ChatAsync(desk, "Code error12 is not error123x.");

        var result = (await desk.Search.SearchMessagesAsync(conversation.Id, Alice, MessageSearchQuery.Regex(@"error\d{3}"))).Ok();

        var messages = await desk.MessagesAsync(conversation.Id);
        var texts = result.Matches.Select(m => messages[m.Sequence - 1].Text.Substring(m.Index, m.Length));
        Assert.Equal(["ERROR404", "Error500", "error123"], texts);
        Assert.Equal([1, 1, 3], result.Matches.Select(m => m.Sequence)); // message 2 is the take's system message
    }

    [Fact]
    public async Task A_pattern_may_ask_for_letter_case_to_count()
    {
        using var desk = await CreateAsync();
        var conversation = await ChatAsync(desk);

        var result = (await desk.Search.SearchMessagesAsync(conversation.Id, Alice, MessageSearchQuery.Regex(@"(?-i)Error\d+"))).Ok();

        Assert.Equal([new MessageMatch(conversation.Id, 1, 31, 8)], result.Matches.ToArray());
    }

    [Theory]
    [InlineData(@"error(\d{3}", "insufficient closing parentheses", "character 11")]
    [InlineData(@"[a-", "unterminated", "character 3")]
    [InlineData(@"*oops", "quantifier", "character 1")]
    public async Task An_invalid_pattern_gets_a_clear_error(string pattern, string reason, string position)
    {
        using var desk = await CreateAsync();
        var conversation = await ChatAsync(desk);

        var refused = await desk.Search.SearchMessagesAsync(conversation.Id, Alice, MessageSearchQuery.Regex(pattern));

        refused.Refused(OperationErrorCode.InvalidSearchPattern, $"'{pattern}' is not a valid regular expression", reason, position, "plain-text mode");
    }

    [Fact]
    public async Task The_same_text_in_plain_text_mode_is_taken_literally()
    {
        using var desk = await CreateAsync();
        var conversation = await ChatAsync(desk, "Is error(\\d{3} a regex?");

        var result = (await desk.Search.SearchMessagesAsync(conversation.Id, Alice, MessageSearchQuery.PlainText(@"error(\d{3}"))).Ok();

        Assert.Equal([new MessageMatch(conversation.Id, 3, 3, 11)], result.Matches.ToArray());
    }

    [Fact]
    public async Task A_catastrophically_backtracking_pattern_is_stopped_with_a_clear_result()
    {
        using var desk = await CreateAsync();
        var conversation = await ChatAsync(desk, new string('a', 40) + "!");

        // The backreference forces the backtracking engine, where (a+)+ on 40 a's would run for ages.
        var refused = await desk.Search.SearchMessagesAsync(conversation.Id, Alice, MessageSearchQuery.Regex(@"^(a+)+\1$"));

        refused.Refused(OperationErrorCode.SearchTimedOut, "'^(a+)+\\1$'", $"conversation '{conversation.Id}'", "stopped after 100 ms", "Simplify the pattern");
    }

    [Fact]
    public async Task Nested_repetitions_without_backreferences_complete_on_the_linear_engine()
    {
        using var desk = await CreateAsync();
        var conversation = await ChatAsync(desk, new string('a', 40) + "!", new string('a', 30));

        var result = (await desk.Search.SearchMessagesAsync(conversation.Id, Alice, MessageSearchQuery.Regex("^(a+)+$"))).Ok();

        Assert.Equal([new MessageMatch(conversation.Id, 4, 0, 30)], result.Matches.ToArray());
    }

    [Fact]
    public async Task Zero_length_matches_are_left_out()
    {
        using var desk = await CreateAsync();
        var conversation = await ChatAsync(desk, "xx y x");

        var result = (await desk.Search.SearchMessagesAsync(conversation.Id, Alice, MessageSearchQuery.Regex("x*"))).Ok();

        Assert.Equal([new MessageMatch(conversation.Id, 3, 0, 2), new MessageMatch(conversation.Id, 3, 5, 1)], result.Matches.ToArray());
    }

    [Fact]
    public async Task The_search_stops_at_the_match_limit_and_says_so()
    {
        using var desk = await CreateAsync();
        var conversation = await ChatAsync(desk, "a a a", "a a");

        var result = (await desk.Search.SearchMessagesAsync(conversation.Id, Alice, MessageSearchQuery.PlainText("a") with { MaxMatches = 4 })).Ok();

        Assert.Equal(4, result.Matches.Length);
        Assert.True(result.Truncated);
    }

    [Theory]
    [InlineData("", 1000, "empty")]
    [InlineData("x", 0, "MaxMatches is 0")]
    [InlineData("x", 10_001, "between 1 and 10000")]
    public async Task Invalid_queries_are_refused(string text, int maxMatches, string rule)
    {
        using var desk = await CreateAsync();
        var conversation = await ChatAsync(desk);

        var refused = await desk.Search.SearchMessagesAsync(conversation.Id, Alice, new MessageSearchQuery { Text = text, MaxMatches = maxMatches });

        refused.Refused(OperationErrorCode.InvalidArgument, rule);
    }

    [Fact]
    public async Task A_query_longer_than_the_limit_is_refused()
    {
        using var desk = await CreateAsync();
        var conversation = await ChatAsync(desk);

        var refused = await desk.Search.SearchMessagesAsync(conversation.Id, Alice, MessageSearchQuery.Regex(new string('a', MessageSearchQuery.MaxTextLength + 1)));

        refused.Refused(OperationErrorCode.InvalidArgument, $"at most {MessageSearchQuery.MaxTextLength}");
    }

    [Fact]
    public async Task Only_agents_who_may_see_the_conversation_search_it()
    {
        using var desk = await CreateAsync();
        var conversation = await ChatAsync(desk);

        var colleague = await desk.Search.SearchMessagesAsync(conversation.Id, Bob, MessageSearchQuery.PlainText("error"));
        var otherDepartment = await desk.Search.SearchMessagesAsync(conversation.Id, Sam, MessageSearchQuery.PlainText("error"));
        var missing = await desk.Search.SearchMessagesAsync(new ConversationId("nope"), Alice, MessageSearchQuery.PlainText("error"));

        Assert.Equal(2, colleague.Ok().Matches.Length);
        otherDepartment.Refused(OperationErrorCode.NotDepartmentMember, "'sam'", "'support'");
        missing.Refused(OperationErrorCode.NotFound, "'nope'");
    }

    [Fact]
    public async Task An_invited_agent_of_another_department_may_search()
    {
        using var desk = await CreateAsync();
        var conversation = await ChatAsync(desk);
        (await desk.Conversations.InviteAsync(conversation.Id, Alice, "@sam")).Ok();

        var result = await desk.Search.SearchMessagesAsync(conversation.Id, Sam, MessageSearchQuery.PlainText("error"));

        Assert.Equal(2, result.Ok().Matches.Length);
    }

    [Fact]
    public void A_search_that_has_used_its_budget_stops_with_a_clear_result()
    {
        var messages = Enumerable.Range(1, 3).Select(i => new Message { Sequence = i, AuthorKind = AuthorKind.Contact, Text = "error", SentAt = Start }).ToList();
        var searcher = MessageSearcher.Create(MessageSearchQuery.PlainText("error"), TimeSpan.Zero).Ok();

        var finished = searcher.Search(new ConversationId("c-1"), messages);

        Assert.False(finished);
        searcher.Result("conversation 'c-1'", messages.Count).Refused(OperationErrorCode.SearchTimedOut, "searched 0 of 3 messages");
    }

    [Theory]
    [InlineData(@"error\d{3}", false)]
    [InlineData(@"^(a+)+$", false)]
    [InlineData(@"error(?=\d)", true)]
    [InlineData(@"(a)\1", true)]
    [InlineData(@"(?>a+)b", true)]
    public void Only_patterns_the_linear_engine_cannot_run_use_the_backtracking_engine(string pattern, bool backtracking) =>
        Assert.Equal(backtracking, MessageSearcher.Create(MessageSearchQuery.Regex(pattern)).Ok().UsesBacktracking);

    [Fact]
    public void Plain_text_matches_are_exactly_the_non_overlapping_occurrences_ignoring_case()
    {
        var words = Gen.Elements("ab", "AB", "aB", "b", "a", " ", "x", "aba");
        var texts = Gen.ListOf(Gen.ListOf(words).Select(parts => string.Concat(parts))).ToArbitrary();

        Prop.ForAll(texts, Gen.Elements("ab", "a", "aba", "b a").ToArbitrary(), (lines, needle) =>
        {
            var messages = lines.Select((text, i) => new Message { Sequence = i + 1, AuthorKind = AuthorKind.Contact, Text = text, SentAt = Start }).ToList();
            var searcher = MessageSearcher.Create(new MessageSearchQuery { Text = needle, MaxMatches = MessageSearchQuery.MaxMatchesLimit }).Ok();
            searcher.Search(new ConversationId("c"), messages);
            var found = searcher.Result("c", messages.Count).Ok().Matches.Select(m => (m.Sequence, m.Index, m.Length));

            var expected = messages.SelectMany(m => Occurrences(m.Text, needle).Select(at => (m.Sequence, at, needle.Length)));
            return found.SequenceEqual(expected);
        }).QuickCheckThrowOnFailure();
    }

    /// <summary>The reference model: scan every position, skipping past each occurrence.</summary>
    private static IEnumerable<int> Occurrences(string text, string needle)
    {
        for (var i = 0; i + needle.Length <= text.Length;)
        {
            if (string.Equals(text.Substring(i, needle.Length), needle, StringComparison.OrdinalIgnoreCase))
            {
                yield return i;
                i += needle.Length;
            }
            else
            {
                i++;
            }
        }
    }
}
