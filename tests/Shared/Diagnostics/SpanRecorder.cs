using System.Collections.Concurrent;
using System.Diagnostics;

namespace Omnichannel.Tests.Diagnostics;

/// <summary>
/// Records the finished spans of the "Omnichannel" activity source that its filter accepts: a test
/// accepts its own (by its root span's trace, or by a tag only it uses), since the listener hears every test.
/// </summary>
public sealed class SpanRecorder : IDisposable
{
    private readonly ActivityListener _listener;
    private readonly ConcurrentQueue<Activity> _spans = new();

    public SpanRecorder(Func<Activity, bool> belongs)
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Omnichannel",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (belongs(activity))
                {
                    _spans.Enqueue(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    /// <summary>Spans in a trace of their own, started here: the spans of operations the test awaits inside it belong to it.</summary>
    public static (SpanRecorder Recorder, Activity Root) ForOwnTrace()
    {
        var root = new Activity("test").SetIdFormat(ActivityIdFormat.W3C).Start();
        var trace = root.TraceId;
        return (new SpanRecorder(a => a.TraceId == trace), root);
    }

    public IReadOnlyList<Activity> All => [.. _spans];

    public IReadOnlyList<Activity> Named(string name) => [.. _spans.Where(s => s.OperationName == name)];

    public void Dispose() => _listener.Dispose();
}
