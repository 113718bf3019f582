using System.Diagnostics;
using Omnichannel.Core.Tests.TestSupport;
using Omnichannel.Workspace.Tests;
using Omnichannel.Operations;

using static Omnichannel.Workspace.Tests.WorkspaceHarness;
using Omnichannel.Workspace.Search;

namespace Omnichannel.Workspace.Tests.Search;

/// <summary>
/// The 100 ms budget bounds the whole search, whatever the pattern and the data: also one message holding thousands of
/// matches that each cost a scan of the rest of the message.
/// </summary>
public sealed class SearchBudgetTests(Xunit.Abstractions.ITestOutputHelper output)
{
    // Generous for a loaded 2-core machine, far below what an unbounded search takes (seconds).
    private static readonly TimeSpan Ceiling = 10 * MessageSearcher.DefaultBudget;

    [Theory]
    // Every 'a' matches, and deciding where each match ends scans to the end of the message for a 'b' that never comes.
    [InlineData("a(.*b)?")]   // the linear (non-backtracking) engine
    [InlineData("(?=a)a(.*b)?")] // the lookahead forces the backtracking engine
    public async Task One_message_full_of_expensive_matches_is_stopped_near_the_budget(string pattern)
    {
        using var desk = await CreateAsync();
        var conversation = await desk.TakenAsync(Alice, Dave, text: new string('a', 20_000));
        var query = MessageSearchQuery.Regex(pattern) with { MaxMatches = MessageSearchQuery.MaxMatchesLimit };
        (await desk.Search.SearchMessagesAsync(conversation.Id, Alice, MessageSearchQuery.Regex("warm"))).Ok();

        var watch = Stopwatch.StartNew();
        var result = await desk.Search.SearchMessagesAsync(conversation.Id, Alice, query);
        watch.Stop();

        output.WriteLine($"{pattern}: answered {result.Error?.Code} after {watch.Elapsed.TotalMilliseconds:0} ms");
        result.Refused(OperationErrorCode.SearchTimedOut, "stopped after 100 ms");
        Assert.True(watch.Elapsed < Ceiling, $"The search answered after {watch.Elapsed.TotalMilliseconds:0} ms; the budget is 100 ms.");
    }

    [Fact]
    public async Task Plain_text_with_thousands_of_matches_in_one_message_still_answers_in_full_when_in_budget()
    {
        using var desk = await CreateAsync();
        var conversation = await desk.TakenAsync(Alice, Dave, text: new string('a', 20_000));

        var result = (await desk.Search.SearchMessagesAsync(conversation.Id, Alice, MessageSearchQuery.PlainText("a") with { MaxMatches = MessageSearchQuery.MaxMatchesLimit })).Ok();

        Assert.Equal(MessageSearchQuery.MaxMatchesLimit, result.Matches.Length);
        Assert.True(result.Truncated);
    }
}
