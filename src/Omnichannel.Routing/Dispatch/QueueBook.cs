using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using NodaTime;
using Omnichannel.Conversations;
using Omnichannel.Routing.Algorithms;

namespace Omnichannel.Routing.Dispatch;

/// <summary>
/// The queues: one entry per queued conversation the router knows, in its department's sorted queue while it waits (taken
/// out while it is being assigned or offered), and the agents passed over for each conversation (<see cref="Exclusion"/>).
/// </summary>
/// <remarks>Not thread-safe: callers hold the <see cref="StoreView"/> lock.</remarks>
/// <param name="departments">The view's departments.</param>
/// <param name="priorities">The configured priorities, in their order.</param>
/// <param name="records">The router's table of open conversations, where each one's current queuing is kept (a table of its own when null).</param>
internal sealed class QueueBook(Dictionary<DepartmentId, DepartmentRouting> departments, IReadOnlyList<string> priorities, ConversationRecords? records = null)
{
    private readonly ConversationRecords _records = records ?? new();
    private int _count;
    private readonly Dictionary<ConversationId, List<Exclusion>> _exclusions = [];
    private long _sequence;

    /// <summary>Called when an entry enters the book (to schedule its timeouts).</summary>
    public Action<QueueEntry, DepartmentRouting>? Added { get; set; }

    /// <summary>Called when an entry leaves the book for good (to cancel its timers and withdraw its offer).</summary>
    public Action<QueueEntry>? Removed { get; set; }

    /// <summary>Called when a department's queue order or content changed (to publish positions).</summary>
    public Action<DepartmentRouting>? Changed { get; set; }

    public int Count => _count;

    /// <summary>Makes room for <paramref name="additional"/> more entries of <paramref name="routing"/> at once (a bulk read of its queue).</summary>
    public void EnsureRoomFor(DepartmentRouting routing, int additional)
    {
        _records.EnsureRoomFor(additional);
        routing.Entries.EnsureCapacity(routing.Entries.Count + additional);
        routing.Queue.EnsureCapacity(additional);
    }

    public bool TryGet(ConversationId id, [NotNullWhen(true)] out QueueEntry? entry)
    {
        entry = _records.TryFind(id, out var record) ? record.Entry : null;
        return entry is not null;
    }

    /// <summary>
    /// Adds the conversation's queuing unless the book holds it already (same department and queued time); an earlier
    /// queuing of it is replaced. Returns the entry, or null when its department is unknown.
    /// </summary>
    /// <param name="conversation">The queued conversation as stored.</param>
    /// <param name="preferred">Its preferred agents.</param>
    /// <param name="skills">The skills it requires.</param>
    /// <param name="serviceLevel">Its service-level due time, when the host sets one.</param>
    /// <param name="mayBeInBook">False when the caller has just found no entry of the conversation (a read at start: no second look-up).</param>
    public QueueEntry? Add(Conversation conversation, ImmutableArray<AgentId> preferred, ImmutableArray<SkillRequirement> skills, Instant? serviceLevel, bool mayBeInBook = true)
    {
        if (mayBeInBook && TryGet(conversation.Id, out var known))
        {
            if (known.DepartmentId == conversation.DepartmentId && known.QueuedAt == conversation.QueuedAt)
            {
                known.Version = Math.Max(known.Version, conversation.Version);
                return known;
            }

            Remove(conversation.Id);
        }

        if (!departments.TryGetValue(conversation.DepartmentId, out var routing))
        {
            return null;
        }

        var entry = new QueueEntry(conversation, ++_sequence, serviceLevel, preferred, skills, priorities);
        var record = _records.FindOrAdd(conversation.Id);
        record.Entry = entry;
        entry.Record = record;
        _count++;
        entry.IsCurrent = true;
        routing.Entries.Add(entry);
        entry.Waiting = routing.Queue.Add(entry);
        Added?.Invoke(entry, routing);
        Changed?.Invoke(routing);
        return entry;
    }

    /// <summary>Removes the conversation's entry (it left the queue); returns it, or null when there was none.</summary>
    public QueueEntry? Remove(ConversationId id)
    {
        if (!_records.TryFind(id, out var record) || record.Entry is not { } entry)
        {
            return null;
        }

        record.Entry = null;
        _count--;
        _records.DropIfEmpty(record);
        entry.IsCurrent = false;

        if (departments.TryGetValue(entry.DepartmentId, out var routing))
        {
            routing.Entries.Remove(entry);
            if (TakeFromQueue(routing, entry))
            {
                Changed?.Invoke(routing);
            }
        }

        Removed?.Invoke(entry);
        return entry;
    }

    /// <summary>Takes a waiting entry out of its sorted queue: it is being assigned or offered.</summary>
    public void TakeOut(QueueEntry entry)
    {
        if (entry.Waiting && departments.TryGetValue(entry.DepartmentId, out var routing) && TakeFromQueue(routing, entry))
        {
            Changed?.Invoke(routing);
        }
    }

    /// <summary>Removes the entry from the sorted queue when it is there (no search when it is not); true when it was.</summary>
    private static bool TakeFromQueue(DepartmentRouting routing, QueueEntry entry)
    {
        if (!entry.Waiting || !routing.Queue.Remove(entry))
        {
            return false;
        }

        entry.Waiting = false;
        return true;
    }

    /// <summary>Puts the entry into the sorted queue; true when it was not there.</summary>
    private static bool PutInQueue(DepartmentRouting routing, QueueEntry entry)
    {
        if (entry.Waiting || !routing.Queue.Add(entry))
        {
            return false;
        }

        entry.Waiting = true;
        return true;
    }

    /// <summary>Puts an in-flight entry back in its place, unless the conversation left the queue meanwhile.</summary>
    public void Requeue(QueueEntry entry)
    {
        if (!entry.Waiting && entry.IsCurrent && departments.TryGetValue(entry.DepartmentId, out var routing) && PutInQueue(routing, entry))
        {
            Changed?.Invoke(routing);
        }
    }

    /// <summary>
    /// Moves a queued conversation whose priority (or service level) was edited to its new place; the entry stays the
    /// same object, so its timers and declines carry over. False when nothing moved.
    /// </summary>
    public bool Reprioritize(Conversation conversation, Instant? serviceLevel)
    {
        // Only the entry of this very queuing: an event about an earlier queuing changes nothing.
        if (!TryGet(conversation.Id, out var entry) || entry.DepartmentId != conversation.DepartmentId || entry.QueuedAt != conversation.QueuedAt
            || !departments.TryGetValue(entry.DepartmentId, out var routing)
            || (entry.Request.Priority == conversation.Priority && entry.ServiceLevelDueAt == (serviceLevel ?? Instant.MaxValue)))
        {
            return false;
        }

        // An entry in flight is not in the sorted queue; it is re-queued in its new place if it comes back.
        var waiting = TakeFromQueue(routing, entry);
        entry.Reprioritize(conversation.Priority, serviceLevel, priorities);
        if (waiting)
        {
            PutInQueue(routing, entry);
            Changed?.Invoke(routing);
        }

        return waiting;
    }

    /// <summary>Passes <paramref name="exclusion"/>'s agent over for the conversation, in this queuing and later ones, until it lapses.</summary>
    public void Exclude(ConversationId conversation, Exclusion exclusion)
    {
        if (!_exclusions.TryGetValue(conversation, out var list))
        {
            _exclusions[conversation] = list = [];
        }

        list.RemoveAll(e => e.Agent == exclusion.Agent && e.Reason == exclusion.Reason);
        list.Add(exclusion);
    }

    /// <summary>Lifts every exclusion of <paramref name="reason"/> for the conversation.</summary>
    public void Lift(ConversationId conversation, ExclusionReason reason)
    {
        if (_exclusions.TryGetValue(conversation, out var list))
        {
            list.RemoveAll(e => e.Reason == reason);
        }
    }

    /// <summary>Forgets a closed conversation's exclusions.</summary>
    public void Forget(ConversationId conversation) => _exclusions.Remove(conversation);

    /// <summary>The agents passed over for the entry now (null when none), dropping the exclusions that lapsed.</summary>
    public HashSet<AgentId>? ActiveExclusions(QueueEntry entry, Instant now, AgentDirectory agents)
    {
        if (!_exclusions.TryGetValue(entry.Id, out var list) || list.Count == 0)
        {
            return null;
        }

        HashSet<AgentId>? active = null;
        for (var i = list.Count - 1; i >= 0; i--)
        {
            var exclusion = list[i];
            if (exclusion.IsActive(now, agents.TryGet(exclusion.Agent, out var agent) ? agent.Agent : null))
            {
                (active ??= []).Add(exclusion.Agent);
            }
            else if (now >= exclusion.Until)
            {
                list.RemoveAt(i);
            }
        }

        return active;
    }
}
