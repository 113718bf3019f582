using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Omnichannel.Conversations;
using Omnichannel.Operations;

namespace Omnichannel.Workspace.Search;

/// <summary>
/// One search over one or more conversations' messages, within a time budget for all its matching (building the
/// expression, bounded by <see cref="MessageSearchQuery.MaxTextLength"/>, comes before). Regular expressions run on the non-backtracking engine when the pattern allows it (linear time, so no
/// catastrophic backtracking); otherwise on the backtracking engine. Either way the expression's match timeout never
/// reaches past the budget's end, and the clock is read between matches as well as between messages, so the budget
/// bounds the whole search whatever the pattern and the data (one message full of expensive matches included). A
/// search that runs out of time fails with <see cref="OperationErrorCode.SearchTimedOut"/>.
/// </summary>
/// <remarks>Not thread-safe: one instance serves one search on one thread.</remarks>
internal sealed class MessageSearcher
{
    /// <summary>The time budget of one search.</summary>
    public static readonly TimeSpan DefaultBudget = TimeSpan.FromMilliseconds(100);

    /// <summary>How many messages a plain-text or non-backtracking search handles between looks at the clock.</summary>
    private const int LinearCheckInterval = 64;

    /// <summary>Below this much time left, a backtracking match is not started.</summary>
    private static readonly TimeSpan MinimumSlice = TimeSpan.FromMilliseconds(1);

    private readonly MessageSearchQuery _query;
    private readonly TimeSpan _budget;
    private readonly ImmutableArray<MessageMatch>.Builder _matches = ImmutableArray.CreateBuilder<MessageMatch>();
    private Regex? _regex;
    private long _startedAt;
    private bool _backtracking;
    private int _searched;
    private bool _truncated;
    private bool _timedOut;

    static MessageSearcher()
    {
        // Compiles the engines' code once per process, so the first search of an agent is not charged for it.
        _ = new Regex("w[a-z]+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.NonBacktracking).Count("warm up");
        _ = new Regex("(?=w)w[a-z]+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)).Count("warm up");
    }

    private MessageSearcher(MessageSearchQuery query, TimeSpan budget)
    {
        _query = query;
        _budget = budget;
    }

    /// <summary>True when the regular expression needed the backtracking engine (it uses lookarounds or backreferences).</summary>
    public bool UsesBacktracking => _backtracking;

    /// <summary>Validates the query and prepares the search; the budget starts when it is ready.</summary>
    public static OperationResult<MessageSearcher> Create(MessageSearchQuery query, TimeSpan? budget = null)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (string.IsNullOrEmpty(query.Text))
        {
            return Invalid(OperationErrorCode.InvalidArgument, "The search text is empty; type something to search for.");
        }

        if (query.Text.Length > MessageSearchQuery.MaxTextLength)
        {
            return Invalid(OperationErrorCode.InvalidArgument, $"The search text has {query.Text.Length} characters; at most {MessageSearchQuery.MaxTextLength} are accepted.");
        }

        if (query.MaxMatches is < 1 or > MessageSearchQuery.MaxMatchesLimit)
        {
            return Invalid(OperationErrorCode.InvalidArgument, $"MaxMatches is {query.MaxMatches}; it must be between 1 and {MessageSearchQuery.MaxMatchesLimit}.");
        }

        if (!Enum.IsDefined(query.Mode))
        {
            return Invalid(OperationErrorCode.InvalidArgument, $"Search mode {(int)query.Mode} is not PlainText or RegularExpression.");
        }

        var searcher = new MessageSearcher(query, budget ?? DefaultBudget);
        if (query.Mode == MessageSearchMode.RegularExpression && searcher.CompileRegex() is { } error)
        {
            return OperationResult<MessageSearcher>.Failure(error);
        }

        searcher._startedAt = Stopwatch.GetTimestamp();
        return OperationResult<MessageSearcher>.Ok(searcher);
    }

    /// <summary>Searches messages in order; false when the search stopped (at the match limit or out of time).</summary>
    public bool Search(ConversationId conversation, IEnumerable<Message> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        foreach (var message in messages)
        {
            if (!Step(conversation, message))
            {
                return false;
            }
        }

        return !_truncated && !_timedOut;
    }

    /// <summary>
    /// Searches a stored conversation's messages in order, a page at a time (never all of them in memory at once);
    /// false when the search stopped (at the match limit or out of time).
    /// </summary>
    public async ValueTask<bool> SearchAsync(IConversationStore store, ConversationId conversation, CancellationToken cancellationToken)
    {
        await foreach (var message in store.StreamMessagesAsync(conversation, 0, cancellationToken).ConfigureAwait(false))
        {
            if (!Step(conversation, message))
            {
                return false;
            }
        }

        return !_truncated && !_timedOut;
    }

    /// <summary>The matches, or <see cref="OperationErrorCode.SearchTimedOut"/> naming <paramref name="where"/>.</summary>
    public OperationResult<MessageSearchResult> Result(string where, int totalMessages)
    {
        if (_timedOut)
        {
            var advice = _backtracking
                ? "Simplify the pattern: with lookarounds or backreferences, nested repetitions such as (a+)+ can take exponential time."
                : "There is too much text to search in that time; search with more specific text, or retry when the server is less busy.";
            return OperationResult<MessageSearchResult>.Failure(OperationErrorCode.SearchTimedOut,
                $"The search for '{_query.Text}' in {where} was stopped after {_budget.TotalMilliseconds:0} ms, having searched {_searched:N0} of {totalMessages:N0} messages. {advice}");
        }

        return OperationResult<MessageSearchResult>.Ok(new(_matches.ToImmutable(), _searched, _truncated));
    }

    /// <summary>Searches one message; false when the search must stop.</summary>
    private bool Step(ConversationId conversation, Message message)
    {
        // Linear-time searches look at the clock every few messages (and within a message every few matches); the
        // backtracking engine before each message and after each match.
        if (_truncated || _timedOut || ((_backtracking || _searched % LinearCheckInterval == 0) && !HasTimeFor()))
        {
            return false;
        }

        _searched++;
        if (_regex is null)
        {
            FindPlainText(conversation, message);
        }
        else
        {
            FindPattern(conversation, message);
        }

        return true;
    }

    private void FindPlainText(ConversationId conversation, Message message)
    {
        var text = message.Text;
        var needle = _query.Text;
        var found = 0;
        var at = text.IndexOf(needle, StringComparison.OrdinalIgnoreCase);
        while (at >= 0 && Add(new(conversation, message.Sequence, at, needle.Length)))
        {
            // One long message may hold thousands of matches: the budget is checked between them too, not only between messages.
            if (++found % LinearCheckInterval == 0 && !HasTimeFor())
            {
                return;
            }

            at = text.IndexOf(needle, at + needle.Length, StringComparison.OrdinalIgnoreCase);
        }
    }

    /// <summary>
    /// Every match of the expression in one message. The budget is checked after each match, because one message may hold
    /// thousands of matches that each cost a scan of the rest of it; when the time left falls below the expression's
    /// match timeout, the expression is rebuilt with a shorter one and the enumeration resumes where it stopped.
    /// </summary>
    private void FindPattern(ConversationId conversation, Message message)
    {
        var text = message.Text;
        var start = 0;
        try
        {
            while (true)
            {
                var regex = _regex!;
                var rebuilt = false;
                foreach (var match in regex.EnumerateMatches(text, start))
                {
                    if (match.Length > 0 && !Add(new(conversation, message.Sequence, match.Index, match.Length)))
                    {
                        return;
                    }

                    // After an empty match the engine moves on by one character; resuming must do the same.
                    start = match.Index + Math.Max(match.Length, 1);
                    if (!HasTimeFor())
                    {
                        return;
                    }

                    if (!ReferenceEquals(regex, _regex))
                    {
                        rebuilt = true;
                        break;
                    }
                }

                if (!rebuilt || start > text.Length)
                {
                    return;
                }
            }
        }
        catch (RegexMatchTimeoutException)
        {
            _timedOut = true;
        }
    }

    private bool Add(MessageMatch match)
    {
        _matches.Add(match);
        if (_matches.Count >= _query.MaxMatches)
        {
            _truncated = true;
            return false;
        }

        return true;
    }

    /// <summary>
    /// Checks the budget (before a message, and between matches within one). An expression's match timeout must end within
    /// the budget, so when the time left falls below it the expression is rebuilt with half the time left (a few rebuilds
    /// at most): no single match can then run past the budget's end either.
    /// </summary>
    private bool HasTimeFor()
    {
        var left = _budget - Stopwatch.GetElapsedTime(_startedAt);
        if (left <= TimeSpan.Zero || (_regex is not null && left < MinimumSlice))
        {
            _timedOut = true;
            return false;
        }

        if (_regex is not null && _regex.MatchTimeout > left)
        {
            _regex = new Regex(_regex.ToString(), _regex.Options, left / 2);
        }

        return true;
    }

    private OperationError? CompileRegex()
    {
        const RegexOptions options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant;
        try
        {
            try
            {
                _regex = new Regex(_query.Text, options | RegexOptions.NonBacktracking, _budget > MinimumSlice ? _budget / 2 : MinimumSlice);
            }
            catch (NotSupportedException)
            {
                // Lookarounds, backreferences, atomic groups: only the backtracking engine has them, under a timeout.
                _backtracking = true;
                _regex = new Regex(_query.Text, options, _budget > MinimumSlice ? _budget / 2 : MinimumSlice);
            }

            return null;
        }
        catch (RegexParseException exception)
        {
            return new(OperationErrorCode.InvalidSearchPattern,
                $"'{_query.Text}' is not a valid regular expression: {Describe(exception.Error)} at character {exception.Offset}. To find this text literally, search in plain-text mode.");
        }
    }

    /// <summary>"InsufficientClosingParentheses" becomes "insufficient closing parentheses".</summary>
    private static string Describe(RegexParseError error)
    {
        var name = error.ToString();
        var words = new StringBuilder(name.Length + 8);
        foreach (var c in name)
        {
            if (char.IsUpper(c) && words.Length > 0)
            {
                words.Append(' ');
            }

            words.Append(char.ToLower(c, CultureInfo.InvariantCulture));
        }

        return words.ToString();
    }

    private static OperationResult<MessageSearcher> Invalid(OperationErrorCode code, string message) => OperationResult<MessageSearcher>.Failure(code, message);
}
