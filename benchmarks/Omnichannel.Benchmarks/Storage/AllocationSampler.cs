using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using System.Globalization;

namespace Omnichannel.Benchmarks.Storage;

/// <summary>
/// A local profiling aid for <c>-- pgcost</c> (<c>PGCOST_ALLOC=1</c>): the runtime's allocation-tick events (one sample
/// per about 100 KB allocated, naming the type that crossed the mark), summed per type, so the types that make up an
/// operation's allocations show in proportion. Off by default; it does not change what is measured otherwise.
/// </summary>
internal sealed class AllocationSampler : EventListener
{
    private const int GcKeyword = 0x1;
    private readonly ConcurrentDictionary<string, long> _bytes = new(StringComparer.Ordinal);
    private volatile bool _recording;

    public void Start()
    {
        _bytes.Clear();
        _recording = true;
    }

    public void StopAndPrint(long operations)
    {
        _recording = false;
        var total = _bytes.Values.Sum();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Allocation samples (bytes attributed per operation, {total / (double)operations:F0} B in all):"));
        foreach (var (type, bytes) in _bytes.OrderByDescending(p => p.Value).Take(40))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {bytes / (double)operations,8:F0} B  {type}"));
        }
    }

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(eventSource, EventLevel.Verbose, (EventKeywords)GcKeyword);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (!_recording || eventData.EventName is null || !eventData.EventName.StartsWith("GCAllocationTick", StringComparison.Ordinal) || eventData.PayloadNames is null)
        {
            return;
        }

        var type = eventData.Payload![eventData.PayloadNames.IndexOf("TypeName")] as string ?? "?";
        var amountIndex = eventData.PayloadNames.IndexOf("AllocationAmount64");
        var amount = amountIndex >= 0 ? Convert.ToInt64(eventData.Payload[amountIndex], CultureInfo.InvariantCulture) : 100_000;
        _bytes.AddOrUpdate(type, amount, (_, sum) => sum + amount);
    }
}
