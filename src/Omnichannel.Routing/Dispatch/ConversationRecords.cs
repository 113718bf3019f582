using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;

namespace Omnichannel.Routing.Dispatch;

/// <summary>
/// The router's one table of open conversations (<see cref="ConversationRecord"/>), shared by the applied versions, the
/// served conversations and the queue entries. Applying one stored conversation asks it for the same id several times in a
/// row (its version, then its serving agent, then its queuing): the record found last is kept, so those are one look-up,
/// and none when the caller already holds the record (the router's own take holds its queue entry, which knows its record).
/// </summary>
/// <remarks>Not thread-safe: the router guards it with its lock.</remarks>
internal sealed class ConversationRecords
{
    private readonly Dictionary<ConversationId, ConversationRecord> _records = [];
    private ConversationRecord? _last;

    public int Count => _records.Count;

    /// <summary>Every record (tests compare the directory's answers with a scan of them; the router itself never scans).</summary>
    public IEnumerable<ConversationRecord> All => _records.Values;

    /// <summary>Makes room for <paramref name="additional"/> more records at once (a bulk read), rather than growing step by step.</summary>
    public void EnsureRoomFor(int additional) => Room.Ensure(_records, additional);

    /// <summary>Marks <paramref name="record"/> as the one the next look-ups of its id find (when it is still in the table).</summary>
    public void Remember(ConversationRecord? record)
    {
        if (record is { InTable: true })
        {
            _last = record;
        }
    }

    /// <summary>The conversation's record, or false when there is none.</summary>
    public bool TryFind(ConversationId id, [NotNullWhen(true)] out ConversationRecord? record)
    {
        if (_last is { } last && last.Id == id)
        {
            record = last;
            return true;
        }

        if (_records.TryGetValue(id, out record))
        {
            _last = record;
            return true;
        }

        return false;
    }

    /// <summary>The conversation's record, made (empty) when there is none; leave it with <see cref="DropIfEmpty"/> if nothing is set.</summary>
    public ConversationRecord FindOrAdd(ConversationId id)
    {
        if (_last is { } last && last.Id == id)
        {
            return last;
        }

        ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_records, id, out var exists);
        if (!exists)
        {
            slot = new ConversationRecord(id) { InTable = true };
        }

        _last = slot!;
        return slot!;
    }

    /// <summary>Drops the record when nothing is known in it any more (memory stays bounded by the open conversations).</summary>
    public void DropIfEmpty(ConversationRecord record)
    {
        if (!record.IsEmpty || !record.InTable)
        {
            return;
        }

        _records.Remove(record.Id);
        record.InTable = false;
        if (ReferenceEquals(_last, record))
        {
            _last = null;
        }
    }
}
