namespace Omnichannel.Routing.Dispatch;

/// <summary>
/// A department's waiting entries in queue order (<see cref="QueueEntryComparer"/>), holding and answering exactly what a
/// <see cref="SortedSet{T}"/> with that comparer would, with the usual case in O(1) and no node per entry: entries that
/// arrive in order (the start reads a queue oldest first; a new conversation queues behind the others) are appended to a
/// sorted run, the first is taken from its head, and an entry put back before the head (a refused assignment) goes back to
/// the head. Entries that sort anywhere else (a priority conversation, an edited one) go to a sorted set beside the run;
/// the queue is the merge of both.
/// </summary>
/// <remarks>Not thread-safe: the router guards it with its lock.</remarks>
internal sealed class SortedQueue
{
    private static readonly QueueEntryComparer Comparer = QueueEntryComparer.Instance;
    private readonly SortedSet<QueueEntry> _others = new(QueueEntryComparer.Instance);

    // The run: sorted, in _run[_head .. _head + _runCount); the slots outside it are null.
    private QueueEntry?[] _run = [];
    private int _head;
    private int _runCount;

    // Changes since creation, so an enumeration that sees a change fails as a SortedSet's would.
    private int _version;

    public int Count => _runCount + _others.Count;

    /// <summary>The first entry in queue order, or null when the queue is empty.</summary>
    public QueueEntry? Min
    {
        get
        {
            if (_runCount == 0)
            {
                return _others.Count == 0 ? null : _others.Min;
            }

            var first = _run[_head]!;
            if (_others.Count == 0)
            {
                return first;
            }

            var other = _others.Min!;
            return Comparer.Compare(other, first) < 0 ? other : first;
        }
    }

    /// <summary>Makes room for <paramref name="additional"/> more entries in the run at once (a bulk read of the queue).</summary>
    public void EnsureCapacity(int additional)
    {
        var needed = _runCount + additional;
        if (_run.Length - _head < needed)
        {
            // Compacted in place when that makes room, else grown (at least doubled: reads of a few entries come often).
            Reallocate(needed <= _run.Length ? _run.Length : Math.Max(needed, _run.Length * 2));
        }
    }

    /// <summary>Adds the entry; false when an entry equal to it in queue order is there already (as <see cref="SortedSet{T}.Add"/>).</summary>
    public bool Add(QueueEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (_runCount == 0)
        {
            // A new run (the entries beside it stay where they are: the order is the merge of both).
            if (_others.Count > 0 && _others.Contains(entry))
            {
                return false;
            }

            _head = 0;
            Append(entry);
            return true;
        }

        var last = _head + _runCount - 1;
        var afterLast = Comparer.Compare(entry, _run[last]);
        if (afterLast > 0)
        {
            if (_others.Count > 0 && _others.Contains(entry))
            {
                return false;
            }

            Append(entry);
            return true;
        }

        if (afterLast == 0)
        {
            return false;
        }

        var beforeFirst = Comparer.Compare(entry, _run[_head]);
        if (beforeFirst < 0 && _head > 0)
        {
            if (_others.Count > 0 && _others.Contains(entry))
            {
                return false;
            }

            _run[--_head] = entry;
            _runCount++;
            _version++;
            return true;
        }

        if (beforeFirst == 0 || (beforeFirst > 0 && Find(entry) >= 0))
        {
            return false;
        }

        if (!_others.Add(entry))
        {
            return false;
        }

        _version++;
        return true;
    }

    /// <summary>Removes the entry equal to <paramref name="entry"/> in queue order; false when there is none (as <see cref="SortedSet{T}.Remove"/>).</summary>
    public bool Remove(QueueEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (_runCount > 0 && Comparer.Compare(entry, _run[_head]) == 0)
        {
            _run[_head] = null;
            _head++;
            _runCount--;
            if (_runCount == 0)
            {
                _head = 0;
            }

            _version++;
            return true;
        }

        if (_others.Count > 0 && _others.Remove(entry))
        {
            _version++;
            return true;
        }

        var index = _runCount > 1 ? Find(entry) : -1;
        if (index < 0)
        {
            return false;
        }

        RemoveAt(index);
        _version++;
        return true;
    }

    /// <summary>The entries in queue order (the run and the others merged).</summary>
    public Enumerator GetEnumerator() => new(this);

    private void Append(QueueEntry entry)
    {
        if (_head + _runCount == _run.Length)
        {
            // Compacted in place when the head has moved past half the array, else grown.
            Reallocate(_runCount < _run.Length / 2 ? _run.Length : Math.Max(4, _runCount * 2));
        }

        _run[_head + _runCount] = entry;
        _runCount++;
        _version++;
    }

    /// <summary>Moves the run to the start of an array of <paramref name="capacity"/> slots (at least the run's length).</summary>
    private void Reallocate(int capacity)
    {
        var moved = capacity == _run.Length ? _run : new QueueEntry?[capacity];
        Array.Copy(_run, _head, moved, 0, _runCount);
        if (ReferenceEquals(moved, _run))
        {
            Array.Clear(_run, _runCount, _run.Length - _runCount);
        }

        _run = moved;
        _head = 0;
    }

    /// <summary>The slot of the run entry equal to <paramref name="entry"/> in queue order, or -1.</summary>
    private int Find(QueueEntry entry)
    {
        var low = _head;
        var high = _head + _runCount - 1;
        while (low <= high)
        {
            var middle = low + ((high - low) >> 1);
            var c = Comparer.Compare(_run[middle], entry);
            if (c == 0)
            {
                return middle;
            }

            if (c < 0)
            {
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        return -1;
    }

    /// <summary>Takes a run slot out, moving the shorter side of the run (rare: an entry that leaves from the middle).</summary>
    private void RemoveAt(int index)
    {
        var end = _head + _runCount;
        if (index - _head < end - index - 1)
        {
            Array.Copy(_run, _head, _run, _head + 1, index - _head);
            _run[_head] = null;
            _head++;
        }
        else
        {
            Array.Copy(_run, index + 1, _run, index, end - index - 1);
            _run[end - 1] = null;
        }

        _runCount--;
        if (_runCount == 0)
        {
            _head = 0;
        }
    }

    /// <summary>Enumerates the queue in order; fails as a <see cref="SortedSet{T}"/>'s would when the queue changes meanwhile.</summary>
    public struct Enumerator
    {
        private readonly SortedQueue _queue;
        private readonly int _version;
        private SortedSet<QueueEntry>.Enumerator _others;
        private QueueEntry? _nextOther;
        private int _next;

        internal Enumerator(SortedQueue queue)
        {
            _queue = queue;
            _version = queue._version;
            _next = queue._head;
            // A SortedSet's enumerator allocates: made only when entries wait outside the run.
            var hasOthers = queue._others.Count > 0;
            _others = hasOthers ? queue._others.GetEnumerator() : default;
            _nextOther = hasOthers && _others.MoveNext() ? _others.Current : null;
            Current = null!;
        }

        public QueueEntry Current { get; private set; }

        public bool MoveNext()
        {
            if (_version != _queue._version)
            {
                throw new InvalidOperationException("The queue changed while it was enumerated.");
            }

            var end = _queue._head + _queue._runCount;
            var fromRun = _next < end ? _queue._run[_next] : null;
            if (fromRun is null && _nextOther is null)
            {
                return false;
            }

            if (_nextOther is null || (fromRun is not null && Comparer.Compare(fromRun, _nextOther) < 0))
            {
                Current = fromRun!;
                _next++;
                return true;
            }

            Current = _nextOther;
            _nextOther = _others.MoveNext() ? _others.Current : null;
            return true;
        }
    }
}
