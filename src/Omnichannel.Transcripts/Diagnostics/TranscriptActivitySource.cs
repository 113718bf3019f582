using System.Diagnostics;
using Omnichannel.Diagnostics;
using Omnichannel.Outbox;

namespace Omnichannel.Transcripts.Diagnostics;

/// <summary>The transcript worker's spans, from the activity source named <see cref="OmnichannelDiagnostics.ActivitySourceName"/>.</summary>
internal static class TranscriptActivitySource
{
    public const string DeliverSpan = "omnichannel.transcript.deliver";

    public static readonly ActivitySource Source = new(OmnichannelDiagnostics.ActivitySourceName, typeof(TranscriptActivitySource).Assembly.GetName().Version?.ToString());

    /// <summary>A span for one delivery attempt of <paramref name="job"/> by <paramref name="worker"/>.</summary>
    public static Activity? StartDelivery(OutboxMessage job, string worker)
    {
        var activity = Source.StartActivity(DeliverSpan, ActivityKind.Internal);
        if (activity is null)
        {
            return null;
        }

        activity.SetTag("omnichannel.conversation.id", job.ConversationId.Value);
        activity.SetTag("omnichannel.outbox.kind", job.Kind);
        activity.SetTag("omnichannel.outbox.job.id", job.Id);
        activity.SetTag("omnichannel.outbox.attempt", job.Attempts + 1);
        activity.SetTag("omnichannel.worker", worker);
        return activity;
    }

    /// <summary>The result; a failed or refused attempt is an error of the span, with the exception when the port threw one.</summary>
    public static void SetOutcome(Activity? activity, string result, string? error, Exception? exception)
    {
        if (activity is null)
        {
            return;
        }

        activity.SetTag("omnichannel.result", result);
        if (error is null)
        {
            return;
        }

        activity.SetStatus(ActivityStatusCode.Error, error);
        activity.SetTag("error.type", exception?.GetType().FullName ?? result);
        if (exception is not null)
        {
            activity.AddException(exception);
        }
    }
}
