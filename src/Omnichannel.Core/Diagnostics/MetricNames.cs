namespace Omnichannel.Diagnostics;

/// <summary>
/// The names of the instruments Omnichannel records, in the OpenTelemetry style (dotted, lower case). Routing, transcripts
/// and the workspace record theirs on the same meter under the same prefix; docs/observability.md lists them all.
/// </summary>
internal static class MetricNames
{
    public const string ConversationsQueued = "omnichannel.conversations.queued";
    public const string QueueWait = "omnichannel.queue.wait";
    public const string Holds = "omnichannel.holds";
    public const string Closes = "omnichannel.closes";
    public const string Forwards = "omnichannel.forwards";
    public const string ForwardFailures = "omnichannel.forward.failures";
    public const string OutboxPending = "omnichannel.outbox.pending";
}
