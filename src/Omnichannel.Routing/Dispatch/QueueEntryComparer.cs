namespace Omnichannel.Routing.Dispatch;

/// <summary>Queue order: priority weight, then service-level due time, then queued time, then arrival sequence (unique).</summary>
internal sealed class QueueEntryComparer : IComparer<QueueEntry>
{
    public static QueueEntryComparer Instance { get; } = new();

    public int Compare(QueueEntry? x, QueueEntry? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }

        if (x is null || y is null)
        {
            return x is null ? -1 : 1;
        }

        var c = x.PriorityWeight.CompareTo(y.PriorityWeight);
        if (c == 0)
        {
            c = x.ServiceLevelDueAt.CompareTo(y.ServiceLevelDueAt);
        }

        if (c == 0)
        {
            c = x.QueuedAt.CompareTo(y.QueuedAt);
        }

        return c != 0 ? c : x.Sequence.CompareTo(y.Sequence);
    }
}
