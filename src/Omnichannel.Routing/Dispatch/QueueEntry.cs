using System.Collections.Immutable;
using NodaTime;
using Omnichannel.Conversations;
using Omnichannel.Routing.Algorithms;

namespace Omnichannel.Routing.Dispatch;

/// <summary>A queued conversation as the router orders it: priority weight, service-level due time, arrival, then sequence.</summary>
/// <remarks>Not thread-safe: the router guards it with its lock.</remarks>
internal sealed class QueueEntry(Conversation conversation, long sequence, Instant? serviceLevelDueAt, ImmutableArray<AgentId> preferred, ImmutableArray<SkillRequirement> skills, IReadOnlyList<string> priorities)
{
    // The id, department and queued time are read from the request (kept once: an entry per queued conversation adds up).
    public ConversationId Id => _request.ConversationId;

    public DepartmentId DepartmentId => _request.DepartmentId;

    public string Channel { get; } = conversation.Channel;

    /// <summary>The stored version this queuing was seen at.</summary>
    public long Version { get; set; } = conversation.Version;

    /// <summary>Order: the configured priorities in their order (OmnichannelOptions.Priorities), no priority last.</summary>
    public int PriorityWeight { get; private set; } = QueueOrder.Rank(conversation.Priority, priorities);

    public Instant ServiceLevelDueAt { get; private set; } = serviceLevelDueAt ?? conversation.ServiceLevelDueAt ?? Instant.MaxValue;

    public Instant QueuedAt => _request.QueuedAt;

    /// <summary>Arrival order at the router: the final, unique tie-break.</summary>
    public long Sequence { get; } = sequence;

    // A field, read in place: the properties above would copy the whole request through a property.
    private RoutingRequest _request = new(conversation.Id, conversation.DepartmentId, conversation.ContactId, conversation.Priority, conversation.QueuedAt, preferred, skills);

    public ref readonly RoutingRequest Request => ref _request;

    /// <summary>
    /// The agent who let the conversation go (moved it back to the queue, forwarded it to a department, or could not take it
    /// back from hold): passed over while another eligible agent has room, chosen when nobody else can take it.
    /// </summary>
    public AgentId? Avoid { get; } = conversation.PreviousAgentId;

    /// <summary>True when nobody has served the conversation yet (bots may get it first).</summary>
    public bool IsNew { get; } = conversation.FirstTakenAt is null && conversation.PreviousAgentId is null;

    /// <summary>The router's record of the conversation this entry queued (set when the book adds it); it may have left the table since.</summary>
    public ConversationRecord? Record { get; set; }

    /// <summary>True while the entry is the conversation's current queuing in the <see cref="QueueBook"/> (not replaced, not removed); kept by the book.</summary>
    public bool IsCurrent { get; set; }

    /// <summary>True while the entry is in its department's sorted queue (kept by <see cref="QueueBook"/> with every add and remove), so removing one that is not there costs no search.</summary>
    public bool Waiting { get; set; }

    /// <summary>Declines (and expired offers) since the entry last went back to its place after <see cref="RoutingOptions.MaxDeclines"/>.</summary>
    public int Declines { get; set; }

    /// <summary>Timers that concern only this queuing (overflow, queue limit), cancelled when the entry leaves; made on first use (most entries have none).</summary>
    public List<IDisposable> Timers => _timers ??= [];

    /// <summary>True when a timer was ever added (so cancelling needs no list).</summary>
    public bool HasTimers => _timers is { Count: > 0 };

    private List<IDisposable>? _timers;

    /// <summary>
    /// Identity stays the reference (an entry is one queuing); the hash is the unique sequence, so the sets of entries do not
    /// ask the runtime for an object hash, which is slow the first time.
    /// </summary>
    public override int GetHashCode() => Sequence.GetHashCode();

    /// <summary>Takes a priority or service level edited while queued. The caller takes the entry out of its sorted queue first.</summary>
    public void Reprioritize(ConversationPriority priority, Instant? serviceLevelDueAt, IReadOnlyList<string> priorities)
    {
        PriorityWeight = QueueOrder.Rank(priority, priorities);
        ServiceLevelDueAt = serviceLevelDueAt ?? Instant.MaxValue;
        _request = _request with { Priority = priority };
    }
}
