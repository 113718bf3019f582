using System.Diagnostics;
using Omnichannel.Diagnostics;
using Omnichannel.Operations;
using Omnichannel.Workspace.Search;

namespace Omnichannel.Workspace.Diagnostics;

/// <summary>
/// Counts the searches that time out and traces each search (<c>omnichannel.search.messages</c>,
/// <c>omnichannel.search.attachments</c>) around the service the container builds.
/// </summary>
/// <remarks>Thread-safe: it keeps no state.</remarks>
internal sealed class MeteredConversationSearchService(IConversationSearchService inner, SearchMetrics metrics) : IConversationSearchService
{
    private static readonly ActivitySource Source = new(OmnichannelDiagnostics.ActivitySourceName, typeof(MeteredConversationSearchService).Assembly.GetName().Version?.ToString());

    public async ValueTask<OperationResult<MessageSearchResult>> SearchMessagesAsync(ConversationId conversation, AgentId agent, MessageSearchQuery query, CancellationToken cancellationToken = default)
    {
        using var activity = Start("omnichannel.search.messages", conversation, agent);
        var result = await inner.SearchMessagesAsync(conversation, agent, query, cancellationToken).ConfigureAwait(false);
        return Finish(activity, result, "messages");
    }

    public async ValueTask<OperationResult<IReadOnlyList<AttachmentHit>>> ListAttachmentsAsync(ConversationId conversation, AgentId agent, AttachmentQuery? query = null, CancellationToken cancellationToken = default)
    {
        using var activity = Start("omnichannel.search.attachments", conversation, agent);
        var result = await inner.ListAttachmentsAsync(conversation, agent, query, cancellationToken).ConfigureAwait(false);
        return Finish(activity, result, "attachments");
    }

    private static Activity? Start(string name, ConversationId conversation, AgentId agent)
    {
        var activity = Source.StartActivity(name);
        activity?.SetTag("omnichannel.conversation.id", conversation.Value);
        activity?.SetTag("omnichannel.agent.id", agent.Value);
        return activity;
    }

    private T Finish<T>(Activity? activity, T result, string operation)
        where T : OperationResult
    {
        if (result.Error?.Code == OperationErrorCode.SearchTimedOut)
        {
            metrics.TimedOut(operation);
        }

        activity?.SetTag("omnichannel.result", result.Error is { } error ? SnakeCase(error.Code.ToString()) : "ok");
        return result;
    }

    /// <summary>The error code as Core's spans write it (SearchTimedOut → search_timed_out).</summary>
    private static string SnakeCase(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) && i > 0 ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}
