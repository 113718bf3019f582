using System.Diagnostics;
using Omnichannel.Agents;
using Omnichannel.Conversations;
using Omnichannel.Operations;

namespace Omnichannel.Diagnostics;

/// <summary>
/// Runs an operation inside a span when someone listens to <see cref="OmnichannelDiagnostics.ActivitySourceName"/>, and
/// calls it directly otherwise (no state machine, no allocation). The state is passed to a static delegate so that no
/// closure is allocated either way.
/// </summary>
internal static class TracedOperation
{
    public static ValueTask<TResult> Run<TState, TResult>(string name, ConversationId? conversation, AgentId? agent, DepartmentId? department, TState state, Func<TState, ValueTask<TResult>> operation)
        where TResult : OperationResult =>
        OmnichannelActivitySource.Source.HasListeners()
            ? RunTracedAsync(name, conversation, agent, department, state, operation)
            : operation(state);

    private static async ValueTask<TResult> RunTracedAsync<TState, TResult>(string name, ConversationId? conversation, AgentId? agent, DepartmentId? department, TState state, Func<TState, ValueTask<TResult>> operation)
        where TResult : OperationResult
    {
        // Started here, inside the async method, so that Activity.Current returns to the caller's when the operation ends.
        using var activity = OmnichannelActivitySource.Start(name, conversation, agent, department);
        if (activity is null)
        {
            return await operation(state).ConfigureAwait(false);
        }

        try
        {
            var result = await operation(state).ConfigureAwait(false);
            OmnichannelActivitySource.SetResult(activity, result);
            TagOutcome(activity, result, department);
            return result;
        }
        catch (Exception exception)
        {
            OmnichannelActivitySource.SetError(activity, exception);
            throw;
        }
    }

    /// <summary>What only the outcome tells: the conversation's department (and id, for a new one), the agent's status.</summary>
    private static void TagOutcome(Activity activity, OperationResult result, DepartmentId? department)
    {
        var conversation = result switch
        {
            OperationResult<Conversation> { Value: { } c } => c,
            OperationResult<ForwardResult> { Value: { } f } => f.Conversation,
            _ => null,
        };
        if (conversation is not null)
        {
            activity.SetTag(TelemetryTags.ConversationId, conversation.Id.Value);
            if (department is null)
            {
                activity.SetTag(TelemetryTags.DepartmentId, conversation.DepartmentId.Value);
            }

            if (conversation.ServingAgentId is { } serving && activity.GetTagItem(TelemetryTags.AgentId) is null)
            {
                activity.SetTag(TelemetryTags.AgentId, serving.Value);
            }
        }

        if (result is OperationResult<ForwardResult> { Value: { FailureReason: { } reason } })
        {
            activity.SetTag(TelemetryTags.ForwardFailureReason, OmnichannelActivitySource.SnakeCase(reason.ToString()));
        }

        if (result is OperationResult<Agent> { Value: { } agent })
        {
            activity.SetTag(TelemetryTags.AgentStatus, agent.Status.ToString());
        }
    }
}
