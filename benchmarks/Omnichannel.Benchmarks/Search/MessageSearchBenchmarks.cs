using System.Collections.Immutable;
using System.Text;
using System.Text.RegularExpressions;
using BenchmarkDotNet.Attributes;
using NodaTime;
using Omnichannel.Agents;
using Omnichannel.Conversations;
using Omnichannel.Search;
using Omnichannel.Storage.InMemory;

namespace Omnichannel.Benchmarks.Search;

/// <summary>
/// Searching one 100,000-message conversation (about 6 MB of text, 1% of messages holding an "errorNNN" code)
/// through <see cref="IConversationSearchService"/>, against a naive scan that calls the static
/// <see cref="Regex.IsMatch(string, string, RegexOptions)"/> per message and returns no positions. The budget is
/// 100 ms per search: every search method must finish well inside it (a search that does not is refused).
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

    private readonly AgentId _agent = new("alice");
    private ConversationSearchService _search = null!;
    private Conversation _conversation = null!;

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
            Messages = messages.ToImmutable(),
        };
        var conversations = new InMemoryConversationStore();
        _conversation = conversations.CreateOrGetOpenAsync(_conversation, CancellationToken.None).AsTask().GetAwaiter().GetResult().Conversation;
        var agents = new InMemoryAgentStore();
        agents.SaveAsync(new Agent { Id = _agent, Username = "alice", Departments = [_conversation.DepartmentId] }, CancellationToken.None).AsTask().GetAwaiter().GetResult();
        _search = new ConversationSearchService(conversations, agents);

        // Fail fast if a search method would only measure a refusal, once the process is warm (as the measured runs are).
        foreach (var query in new[] { RegexQuery, PlainTextQuery, BacktrackingQuery })
        {
            for (var warmUp = 0; warmUp < 3; warmUp++)
            {
                _search.SearchMessagesAsync(_conversation.Id, _agent, query).AsTask().GetAwaiter().GetResult();
            }

            var result = _search.SearchMessagesAsync(_conversation.Id, _agent, query).AsTask().GetAwaiter().GetResult();
            if (!result.Succeeded || result.Value.Truncated)
            {
                throw new InvalidOperationException($"The benchmark search for '{query.Text}' measures nothing useful: {result.Error?.Message ?? "it stopped at MaxMatches"}");
            }
        }
    }

    [Benchmark(Baseline = true, Description = "naive Regex.IsMatch per message (no positions)")]
    public int NaiveRegexIsMatchScan()
    {
        var matching = 0;
        foreach (var message in _conversation.Messages)
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

    /// <summary>The number of matches, or -1 when the search was refused (for example timed out).</summary>
    private int Count(MessageSearchQuery query)
    {
        var result = _search.SearchMessagesAsync(_conversation.Id, _agent, query).AsTask().GetAwaiter().GetResult();
        return result.Succeeded && !result.Value.Truncated ? result.Value.Matches.Length : -1;
    }
}
