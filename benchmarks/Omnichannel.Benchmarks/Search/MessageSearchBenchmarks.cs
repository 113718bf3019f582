using System.Collections.Immutable;
using System.Text;
using System.Text.RegularExpressions;
using BenchmarkDotNet.Attributes;
using NodaTime;
using Omnichannel.Conversations;
using Omnichannel.Operations;
using Omnichannel.Workspace.Search;

namespace Omnichannel.Benchmarks.Search;

/// <summary>
/// Searching one 100,000-message conversation (about 7 million characters, 1% of messages holding an "errorNNN"
/// code) as <see cref="IConversationSearchService"/> does (<see cref="MessageSearcher"/>: every match with its
/// position), against a naive scan that calls the static <see cref="Regex.IsMatch(string, string, RegexOptions)"/>
/// per message and returns no positions. The goal is at most 100 ms per search, the budget after which the service
/// refuses a search; here the budget is lifted so that a busy machine measures a slow search rather than a refusal.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class MessageSearchBenchmarks
{
    private const int MessageCount = 100_000;
    private const string ErrorPattern = @"error\d{3}";

    private static readonly string[] Words =
    [
        "hello", "the", "server", "invoice", "please", "thanks", "customer", "account", "login", "failed", "password",
        "order", "shipping", "refund", "today", "could", "you", "check", "again", "error", "screen", "update",
    ];

    private static readonly MessageSearchQuery RegexQuery = new() { Text = ErrorPattern, Mode = MessageSearchMode.RegularExpression, MaxMatches = MessageSearchQuery.MaxMatchesLimit };
    private static readonly MessageSearchQuery PlainTextQuery = new() { Text = "refund today", MaxMatches = MessageSearchQuery.MaxMatchesLimit };
    private static readonly MessageSearchQuery BacktrackingQuery = new() { Text = @"error(?=\d)\d{3}", Mode = MessageSearchMode.RegularExpression, MaxMatches = MessageSearchQuery.MaxMatchesLimit };

    private static readonly TimeSpan Unlimited = TimeSpan.FromMinutes(1);

    private Conversation _conversation = null!;
    private ImmutableList<Message> _messages = [];

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        var start = Instant.FromUtc(2025, 1, 6, 9, 0);
        var messages = ImmutableList.CreateBuilder<Message>();
        var text = new StringBuilder();
        for (var i = 1; i <= MessageCount; i++)
        {
            text.Clear();
            for (var w = random.Next(6, 16); w > 0; w--)
            {
                text.Append(Words[random.Next(Words.Length)]).Append(' ');
            }

            if (random.Next(100) == 0)
            {
                text.Append("Error").Append(random.Next(100, 1000)).Append(" again");
            }

            messages.Add(new Message { Sequence = i, AuthorKind = i % 2 == 0 ? AuthorKind.Agent : AuthorKind.Contact, Text = text.ToString(), SentAt = start + Duration.FromSeconds(i) });
        }

        _conversation = new Conversation
        {
            Id = new ConversationId("long"),
            ContactId = new ContactId("dave"),
            DepartmentId = new DepartmentId("support"),
            CreatedAt = start,
            QueuedAt = start,
            MessageCount = messages.Count,
        };
        _messages = messages.ToImmutable();

        // Fail fast if a search method would only measure a refusal or a truncated search.
        foreach (var query in new[] { RegexQuery, PlainTextQuery, BacktrackingQuery })
        {
            var result = Search(query);
            if (!result.Succeeded || result.Value.Truncated || result.Value.MessagesSearched != MessageCount)
            {
                throw new InvalidOperationException($"The benchmark search for '{query.Text}' measures nothing useful: {result.Error?.Message ?? "it stopped at MaxMatches"}");
            }
        }
    }

    [Benchmark(Baseline = true, Description = "naive Regex.IsMatch per message (no positions)")]
    public int NaiveRegexIsMatchScan()
    {
        var matching = 0;
        foreach (var message in _messages)
        {
            if (Regex.IsMatch(message.Text, ErrorPattern, RegexOptions.IgnoreCase))
            {
                matching++;
            }
        }

        return matching;
    }

    [Benchmark(Description = @"regex error\d{3} (non-backtracking engine)")]
    public int RegularExpression() => Count(RegexQuery);

    [Benchmark(Description = "plain text 'refund today', case-insensitive")]
    public int PlainText() => Count(PlainTextQuery);

    [Benchmark(Description = @"regex error(?=\d)\d{3} (backtracking engine, timeout)")]
    public int RegularExpressionNeedingBacktracking() => Count(BacktrackingQuery);

    /// <summary>The number of matches, or -1 when the search was refused.</summary>
    private int Count(MessageSearchQuery query)
    {
        var result = Search(query);
        return result.Succeeded ? result.Value.Matches.Length : -1;
    }

    private OperationResult<MessageSearchResult> Search(MessageSearchQuery query)
    {
        var searcher = MessageSearcher.Create(query, Unlimited);
        if (!searcher.Succeeded)
        {
            return OperationResult<MessageSearchResult>.Failure(searcher.Error);
        }

        searcher.Value.Search(_conversation.Id, _messages);
        return searcher.Value.Result("the benchmark conversation", _messages.Count);
    }
}
