using System.Diagnostics;
using Omnichannel.Operations;

namespace Omnichannel.Diagnostics;

/// <summary>
/// Core's spans, from the activity source named <see cref="OmnichannelDiagnostics.ActivitySourceName"/>. Starting one costs
/// nothing when nobody listens (<see cref="ActivitySource.StartActivity(string, ActivityKind)"/> returns null).
/// </summary>
internal static class OmnichannelActivitySource
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<OperationErrorCode, string> ErrorNames = new();

    public static readonly ActivitySource Source = new(OmnichannelDiagnostics.ActivitySourceName, typeof(OmnichannelActivitySource).Assembly.GetName().Version?.ToString());

    /// <summary>Starts the span <paramref name="name"/> tagged with the ids known before the operation runs.</summary>
    public static Activity? Start(string name, ConversationId? conversation = null, AgentId? agent = null, DepartmentId? department = null)
    {
        var activity = Source.StartActivity(name, ActivityKind.Internal);
        if (activity is null)
        {
            return null;
        }

        if (conversation is { } c)
        {
            activity.SetTag(TelemetryTags.ConversationId, c.Value);
        }

        if (agent is { } a)
        {
            activity.SetTag(TelemetryTags.AgentId, a.Value);
        }

        if (department is { } d)
        {
            activity.SetTag(TelemetryTags.DepartmentId, d.Value);
        }

        return activity;
    }

    /// <summary>Tags the result: "ok", or the refusal's error code (a refusal is an answer, not an error of the span).</summary>
    public static void SetResult(Activity activity, OperationResult result) =>
        activity.SetTag(TelemetryTags.Result, result.Error is { } error ? ErrorName(error.Code) : TelemetryTags.Ok);

    /// <summary>An exception escaped the operation: status Error and an exception event.</summary>
    public static void SetError(Activity activity, Exception exception)
    {
        activity.SetStatus(ActivityStatusCode.Error, exception.Message);
        activity.SetTag("error.type", exception.GetType().FullName);
        activity.SetTag(TelemetryTags.Result, "exception");
        activity.AddException(exception);
    }

    /// <summary>The snake_case name of an error code, as tag values are written (NotPermitted → not_permitted).</summary>
    public static string ErrorName(OperationErrorCode code) => ErrorNames.GetOrAdd(code, static c => SnakeCase(c.ToString()));

    internal static string SnakeCase(string name)
    {
        var builder = new System.Text.StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                builder.Append('_');
            }

            builder.Append(char.ToLowerInvariant(name[i]));
        }

        return builder.ToString();
    }
}
