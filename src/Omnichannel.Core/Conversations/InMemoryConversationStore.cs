using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using NodaTime;
using Omnichannel.Capacity;
using Omnichannel.Outbox;
using Omnichannel.Storage;

namespace Omnichannel.Conversations;

/// <summary>
/// The default conversation store and its outbox: conversations and delivery jobs in memory, lost when the
/// process ends. One lock guards the rows, the jobs and their indexes, which makes every call atomic, including
/// the capacity claim and the jobs written with a conversation. Jobs are indexed by conversation, and the jobs of a
/// closed conversation are pruned once every one of them is delivered or failed and the retention period has passed
/// since the last of them finished (or since the close, when they finished before it), so the outbox does not grow
/// for ever.
/// </summary>
/// <remarks>This type is thread-safe.</remarks>
public sealed partial class InMemoryConversationStore : IConversationStore, IOutboxStore
{
    /// <summary>How long finished jobs are kept by the parameterless constructor: 7 days (as <c>OmnichannelOptions.OutboxRetention</c>).</summary>
    public static readonly Duration DefaultOutboxRetention = Duration.FromDays(7);

    private readonly Lock _sync = new();
    private readonly IClock _clock;
    private readonly Duration _outboxRetention;
    private readonly Duration? _closedRetention;
    // A conversation's record and its message log in one slot: a write that appends a message finds both with one look-up.
    private readonly Dictionary<ConversationId, StoredRow> _rows = [];
    private readonly Dictionary<(ContactId, DepartmentId), ConversationId> _openByContactAndDepartment = [];
    private readonly Dictionary<ContactId, List<ConversationId>> _byContact = [];
    private readonly Dictionary<DepartmentId, HashSet<ConversationId>> _openByDepartment = [];
    // The queued conversations of each department with their current records (kept current by every write, as the serving
    // agents' index is): a read of a department's queue, at a router's start, finds them without a look-up each.
    private readonly Dictionary<DepartmentId, Dictionary<ConversationId, Conversation>> _queuedByDepartment = [];
    /// <summary>Each agent's open conversations, as stored: the capacity claim counts them without a look-up per conversation.</summary>
    private readonly Dictionary<AgentId, Dictionary<ConversationId, Conversation>> _openByServingAgent = [];

    /// <summary>The initial size of an agent's indexes (a usual number of simultaneous conversations); they grow beyond it.</summary>
    private const int AgentCapacityHint = 8;
    private readonly Dictionary<string, OutboxMessage> _outbox = new(StringComparer.Ordinal);
    private readonly HashSet<string> _pendingOutbox = new(StringComparer.Ordinal);
    private readonly Dictionary<ConversationId, List<string>> _outboxByConversation = [];

    /// <summary>When each conversation's jobs last finished (or it closed with finished jobs): where its retention starts.</summary>
    private readonly Dictionary<ConversationId, Instant> _outboxFinishedAt = [];

    /// <summary>Conversations to look at for pruning, in the order their retention ends (the clock's order).</summary>
    private readonly Queue<(Instant Due, ConversationId Conversation)> _pruneQueue = new();

    /// <summary>Closed conversations to forget, in the order their retention ends; empty unless a retention is set.</summary>
    private readonly Queue<(Instant Due, ConversationId Conversation)> _closedQueue = new();

    /// <summary>An empty store on the system clock that keeps finished jobs for <see cref="DefaultOutboxRetention"/>.</summary>
    public InMemoryConversationStore()
        : this(SystemClock.Instance, DefaultOutboxRetention)
    {
    }

    /// <summary>An empty store that keeps the finished jobs of closed conversations for <paramref name="outboxRetention"/>.</summary>
    /// <param name="clock">The clock that times the retention (the library's <see cref="IClock"/>).</param>
    /// <param name="outboxRetention">How long the jobs of a closed conversation are kept after the last of them finished; positive.</param>
    /// <exception cref="ArgumentNullException"><paramref name="clock"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="outboxRetention"/> is not positive.</exception>
    public InMemoryConversationStore(IClock clock, Duration outboxRetention)
        : this(clock, outboxRetention, closedConversationRetention: null)
    {
    }

    /// <summary>
    /// An empty store that also forgets each closed conversation, with its messages, <paramref name="closedConversationRetention"/>
    /// after its close (once its outbox jobs are pruned too), so a process that runs for ever keeps only its open and
    /// recently closed conversations. Contact history and search then see only what is kept.
    /// </summary>
    /// <param name="clock">The clock that times both retentions (the library's <see cref="IClock"/>).</param>
    /// <param name="outboxRetention">How long the jobs of a closed conversation are kept after the last of them finished; positive.</param>
    /// <param name="closedConversationRetention">How long a closed conversation is kept; null keeps it for ever (the default); else positive.</param>
    /// <exception cref="ArgumentNullException"><paramref name="clock"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A retention is not positive.</exception>
    public InMemoryConversationStore(IClock clock, Duration outboxRetention, Duration? closedConversationRetention)
    {
        ArgumentNullException.ThrowIfNull(clock);
        if (outboxRetention <= Duration.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(outboxRetention), outboxRetention, "The outbox retention must be positive.");
        }

        if (closedConversationRetention <= Duration.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(closedConversationRetention), closedConversationRetention, "The retention of closed conversations must be positive (or null to keep them).");
        }

        _clock = clock;
        _outboxRetention = outboxRetention;
        _closedRetention = closedConversationRetention;
    }

    /// <inheritdoc />
    public ValueTask<Conversation?> GetAsync(ConversationId id, CancellationToken cancellationToken)
    {
        lock (_sync)
        {
            return ValueTask.FromResult(RowOf(id));
        }
    }

    /// <inheritdoc />
    public ValueTask<(Conversation Conversation, bool Created)> CreateOrGetOpenAsync(ConversationWrite write, CancellationToken cancellationToken)
    {
        var candidate = write.Conversation ?? throw new ArgumentException("The write has no conversation.", nameof(write));
        RefuseDefaultIdentifiers(candidate, nameof(write));

        if (candidate.Version != 0 || !candidate.IsOpen)
        {
            throw new ArgumentException($"A new conversation must be open and at version 0; conversation '{candidate.Id}' is {candidate.State} at version {candidate.Version}.", nameof(write));
        }

        if (write.Claim is not null || write.Outbox is { Count: > 0 })
        {
            throw new ArgumentException($"A new conversation is stored without a capacity claim or outbox jobs; conversation '{candidate.Id}' has one.", nameof(write));
        }

        write.EnsureMessagesContinue(0);

        cancellationToken.ThrowIfCancellationRequested();
        lock (_sync)
        {
            if (_openByContactAndDepartment.TryGetValue((candidate.ContactId, candidate.DepartmentId), out var openId))
            {
                return ValueTask.FromResult((_rows[openId].Conversation, false));
            }

            if (_rows.TryGetValue(candidate.Id, out var clash))
            {
                throw new ConcurrencyConflictException($"conversation '{candidate.Id}'", 0, clash.Conversation.Version);
            }

            // A record built for this write alone is numbered in place (as in SaveAsync): one copy of it less per arrival.
            var stored = write.ConversationIsUnshared ? candidate.NumberInPlace(1) : candidate.WithVersion(1);
            _rows[stored.Id] = new StoredRow(stored, NewLog(write.Messages));
            if (!_byContact.TryGetValue(stored.ContactId, out var history))
            {
                _byContact[stored.ContactId] = history = [];
            }

            history.Add(stored.Id);
            Index(stored);
            IndexForLists(null, stored);
            return ValueTask.FromResult((stored, true));
        }
    }

    /// <summary>The stored record of <paramref name="id"/>, or null.</summary>
    private Conversation? RowOf(ConversationId id) => _rows.TryGetValue(id, out var row) ? row.Conversation : null;

    /// <summary>A stored conversation: its current record and its message log (read in place through the dictionary's slot).</summary>
    private struct StoredRow(Conversation conversation, List<Message> log)
    {
        public Conversation Conversation = conversation;
        public readonly List<Message> Log = log;
    }

    /// <summary>
    /// A new conversation's log: its first messages, with room for the next few (a take's notice, the answers, the close's
    /// notice) so that the first writes do not regrow it; empty when it starts without messages.
    /// </summary>
    private static List<Message> NewLog(IReadOnlyList<Message>? messages)
    {
        if (messages is not { Count: > 0 })
        {
            return [];
        }

        var log = new List<Message>(Math.Max(messages.Count, 4));
        for (var i = 0; i < messages.Count; i++)
        {
            log.Add(messages[i]);
        }

        return log;
    }

    /// <inheritdoc />
    public ValueTask<Conversation> SaveAsync(ConversationWrite write, CancellationToken cancellationToken)
    {
        var next = write.Conversation ?? throw new ArgumentException("The write has no conversation.", nameof(write));
        RefuseDefaultIdentifiers(next, nameof(write));
        cancellationToken.ThrowIfCancellationRequested();
        lock (_sync)
        {
            // The row's slot, read here and replaced below (nothing in between changes the rows): one look-up per write.
            ref var row = ref CollectionsMarshal.GetValueRefOrNullRef(_rows, next.Id);
            var current = Unsafe.IsNullRef(ref row) ? null : row.Conversation;
            var currentVersion = current?.Version ?? 0;
            if (current is null || currentVersion != next.Version)
            {
                throw new ConcurrencyConflictException($"conversation '{next.Id}'", next.Version, currentVersion);
            }

            if (current.ContactId != next.ContactId)
            {
                throw new ArgumentException($"Conversation '{next.Id}' cannot change contact.", nameof(write));
            }

            write.EnsureMessagesContinue(current.MessageCount);

            // An open conversation staying in its department holds that department's place already: only a move or a reopening looks.
            if (next.IsOpen && (!current.IsOpen || current.DepartmentId != next.DepartmentId)
                && _openByContactAndDepartment.TryGetValue((next.ContactId, next.DepartmentId), out var openId)
                && openId != next.Id)
            {
                // A conflict, not a bug: the contact's first message there raced this move. Callers re-read and decide again.
                throw new ConcurrencyConflictException(
                    $"Conversation '{next.Id}' cannot move to department '{next.DepartmentId}': contact '{next.ContactId}' already has open conversation '{openId}' there.");
            }

            // The claimant's open conversations, found once for the count and for the index update after the write.
            Dictionary<ConversationId, Conversation>? claimantServes = null;
            if (write.Claim is { } claim)
            {
                // Core's one capacity rule, counted in one pass over the agent's open conversations.
                var load = default(AgentLoad);
                if (_openByServingAgent.TryGetValue(claim.AgentId, out var served))
                {
                    claimantServes = served;
                    foreach (var conversation in served.Values)
                    {
                        load = load.Plus(conversation, claim, except: next.Id);
                    }
                }

                if (!claim.HasRoom(load))
                {
                    throw new CapacityExceededException(claim, load.Overall, load.InDepartment, load.InChannel);
                }
            }

            foreach (var job in write.Outbox ?? [])
            {
                CheckNewJob(job);
            }

            // A record built for this write alone is numbered in place: one copy of it less per write (never the stored row itself).
            var stored = write.ConversationIsUnshared && !ReferenceEquals(next, current) ? next.NumberInPlace(currentVersion + 1) : next.WithVersion(currentVersion + 1);
            row.Conversation = stored;
            if (write.Messages is { Count: > 0 } appended)
            {
                row.Log.AddRange(appended);
            }

            foreach (var job in write.Outbox ?? [])
            {
                PutJob(job.WithVersion(1));
            }

            Reindex(current, stored, claimantServes is not null && write.Claim!.Value.AgentId == stored.ServingAgentId ? claimantServes : null);
            IndexForLists(current, stored);
            if (current.IsOpen && !stored.IsOpen && _outboxByConversation.ContainsKey(stored.Id))
            {
                // Records that finished while it was open (email requests) start their retention at the close.
                MarkOutboxFinished(stored.Id);
            }

            if (current.IsOpen && !stored.IsOpen && _closedRetention is { } retention)
            {
                _closedQueue.Enqueue((_clock.GetCurrentInstant() + retention, stored.Id));
            }

            PruneOutbox();
            PruneClosed();
            return ValueTask.FromResult(stored);
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<Message>> ReadMessagesAsync(ConversationId id, int afterSequence, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(afterSequence);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_sync)
        {
            // Sequences are 1..n without gaps, so message k sits at index k - 1: a page is a slice, never a scan.
            if (!_rows.TryGetValue(id, out var row) || row.Log is not { } log || afterSequence >= log.Count)
            {
                return ValueTask.FromResult<IReadOnlyList<Message>>([]);
            }

            return ValueTask.FromResult<IReadOnlyList<Message>>(log.GetRange(afterSequence, Math.Min(limit, log.Count - afterSequence)));
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<Conversation>> QueryAsync(ConversationQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Validate();
        lock (_sync)
        {
            var openOnly = query.States is { } states && !states.Contains(ConversationState.Closed);
            var queuedOnly = query.States is { Count: > 0 } wanted && wanted.All(static s => s == ConversationState.Queued);
            // The serving agents' and the queued indexes hold the current records; the others hold ids.
            IEnumerable<Conversation> candidates =
                query.ContactId is { } contact ? RowsOf(_byContact.GetValueOrDefault(contact))
                : openOnly && query.ServingAgentId is { } agent ? _openByServingAgent.GetValueOrDefault(agent)?.Values ?? (IEnumerable<Conversation>)[]
                : queuedOnly && query.DepartmentId is { } queuedIn ? _queuedByDepartment.GetValueOrDefault(queuedIn)?.Values ?? (IEnumerable<Conversation>)[]
                : openOnly && query.DepartmentId is { } department ? RowsOf(_openByDepartment.GetValueOrDefault(department))
                : RowsOf(_rows.Keys);
            var result = candidates.Where(query.Matches).ToList();
            result.Sort(static (x, y) => x.CreatedAt != y.CreatedAt ? x.CreatedAt.CompareTo(y.CreatedAt) : string.CompareOrdinal(x.Id.Value, y.Id.Value));
            return ValueTask.FromResult<IReadOnlyList<Conversation>>(result);
        }
    }

    /// <inheritdoc />
    public ValueTask<int> CountServedAsync(AgentId agent, DepartmentId? department, bool countOnHold, CancellationToken cancellationToken)
    {
        lock (_sync)
        {
            return ValueTask.FromResult(CountServed(agent, department, countOnHold));
        }
    }

    private int CountServed(AgentId agent, DepartmentId? department, bool countOnHold)
    {
        if (!_openByServingAgent.TryGetValue(agent, out var served))
        {
            return 0;
        }

        var count = 0;
        foreach (var conversation in served.Values)
        {
            if (conversation.OccupiesServingAgent(countOnHold) && (department is not { } d || conversation.DepartmentId == d))
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>
    /// Moves a conversation's index entries from <paramref name="old"/> to <paramref name="stored"/>. While it stays open in
    /// the same department (most writes: a take, a message) only what changed is touched: the queued index when it enters
    /// or leaves the queue, the serving agent's when that changes, and the serving agent's record, which the capacity
    /// count reads.
    /// </summary>
    /// <param name="old">The version replaced.</param>
    /// <param name="stored">The version stored.</param>
    /// <param name="servingAgentServes">The serving agent's open conversations when the caller found them already, else null.</param>
    private void Reindex(Conversation old, Conversation stored, Dictionary<ConversationId, Conversation>? servingAgentServes = null)
    {
        if (!old.IsOpen || !stored.IsOpen || old.ContactId != stored.ContactId || old.DepartmentId != stored.DepartmentId)
        {
            Unindex(old);
            Index(stored);
            return;
        }

        var wasQueued = old.State == ConversationState.Queued;
        var isQueued = stored.State == ConversationState.Queued;
        if (wasQueued && !isQueued)
        {
            _queuedByDepartment.GetValueOrDefault(old.DepartmentId)?.Remove(old.Id);
        }
        else if (isQueued)
        {
            Queue(stored); // entering the queue, or written again while queued: the index holds the current record
        }

        if (old.ServingAgentId is { } before && before != stored.ServingAgentId)
        {
            _openByServingAgent.GetValueOrDefault(before)?.Remove(old.Id);
        }

        if (stored.ServingAgentId is { } serving)
        {
            if (servingAgentServes is not null)
            {
                servingAgentServes[stored.Id] = stored;
            }
            else
            {
                Serve(serving, stored);
            }
        }
    }

    private void Unindex(Conversation old)
    {
        if (!old.IsOpen)
        {
            return;
        }

        _openByContactAndDepartment.Remove((old.ContactId, old.DepartmentId));
        _openByDepartment.GetValueOrDefault(old.DepartmentId)?.Remove(old.Id);
        _queuedByDepartment.GetValueOrDefault(old.DepartmentId)?.Remove(old.Id);
        if (old.ServingAgentId is { } agent)
        {
            _openByServingAgent.GetValueOrDefault(agent)?.Remove(old.Id);
        }
    }

    private void Index(Conversation stored)
    {
        if (!stored.IsOpen)
        {
            return;
        }

        _openByContactAndDepartment[(stored.ContactId, stored.DepartmentId)] = stored.Id;
        Add(_openByDepartment, stored.DepartmentId, stored.Id);
        if (stored.State == ConversationState.Queued)
        {
            Queue(stored);
        }

        if (stored.ServingAgentId is { } agent)
        {
            Serve(agent, stored);
        }
    }

    /// <summary>Records <paramref name="stored"/> (queued) in its department's queued index, replacing an older version.</summary>
    private void Queue(Conversation stored)
    {
        if (!_queuedByDepartment.TryGetValue(stored.DepartmentId, out var queued))
        {
            _queuedByDepartment[stored.DepartmentId] = queued = [];
        }

        queued[stored.Id] = stored;
    }

    /// <summary>The current records of <paramref name="ids"/> (none when null).</summary>
    private IEnumerable<Conversation> RowsOf(IEnumerable<ConversationId>? ids) => ids is null ? [] : ids.Select(id => _rows[id].Conversation);

    /// <summary>Records <paramref name="stored"/> (open) among the conversations <paramref name="agent"/> serves, replacing an older version.</summary>
    private void Serve(AgentId agent, Conversation stored)
    {
        if (!_openByServingAgent.TryGetValue(agent, out var served))
        {
            // Sized for a usual capacity: no growth while an agent takes its first conversations (a drain gives each agent several).
            _openByServingAgent[agent] = served = new(AgentCapacityHint);
        }

        served[stored.Id] = stored;
    }

    private static void Add<TKey>(Dictionary<TKey, HashSet<ConversationId>> index, TKey key, ConversationId id, int capacity = 0)
        where TKey : notnull
    {
        if (!index.TryGetValue(key, out var set))
        {
            index[key] = set = new(capacity);
        }

        set.Add(id);
    }

    /// <inheritdoc />
    public ValueTask<OutboxMessage> EnqueueAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        RefuseDefaultIdentifier(message, nameof(message));
        cancellationToken.ThrowIfCancellationRequested();
        lock (_sync)
        {
            PruneOutbox();
            CheckNewJob(message);
            var stored = message.WithVersion(1);
            PutJob(stored);
            return ValueTask.FromResult(stored);
        }
    }

    /// <inheritdoc />
    public ValueTask<OutboxMessage?> TryLeaseAsync(string worker, Instant now, Duration leaseDuration, string? kind, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(worker);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_sync)
        {
            PruneOutbox();
            OutboxMessage? first = null;
            foreach (var id in _pendingOutbox)
            {
                var job = _outbox[id];
                if (job.DueAt <= now && (job.LeaseExpiresAt is not { } until || until <= now) && (kind is null || job.Kind == kind)
                    && (first is null || job.DueAt < first.DueAt || (job.DueAt == first.DueAt && string.CompareOrdinal(job.Id, first.Id) < 0)))
                {
                    first = job;
                }
            }

            if (first is null)
            {
                return ValueTask.FromResult<OutboxMessage?>(null);
            }

            var leased = first with { LeaseOwner = worker, LeaseExpiresAt = now + leaseDuration, Version = first.Version + 1 };
            PutJob(leased);
            return ValueTask.FromResult<OutboxMessage?>(leased);
        }
    }

    /// <inheritdoc />
    public ValueTask<OutboxMessage> SaveAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        RefuseDefaultIdentifier(message, nameof(message));
        cancellationToken.ThrowIfCancellationRequested();
        lock (_sync)
        {
            var current = _outbox.GetValueOrDefault(message.Id);
            if (current is null || current.Version != message.Version)
            {
                throw new ConcurrencyConflictException($"outbox message '{message.Id}'", message.Version, current?.Version ?? 0);
            }

            var stored = message with { LeaseOwner = null, LeaseExpiresAt = null, Version = current.Version + 1 };
            PutJob(stored);
            if (current.Status == OutboxMessageStatus.Pending && stored.Status != OutboxMessageStatus.Pending)
            {
                MarkOutboxFinished(stored.ConversationId);
            }

            PruneOutbox();
            return ValueTask.FromResult(stored);
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<OutboxMessage>> ListByConversationAsync(ConversationId conversation, CancellationToken cancellationToken)
    {
        lock (_sync)
        {
            PruneOutbox();
            if (!_outboxByConversation.TryGetValue(conversation, out var ids))
            {
                return ValueTask.FromResult<IReadOnlyList<OutboxMessage>>([]);
            }

            var jobs = new List<OutboxMessage>(ids.Count);
            foreach (var id in ids)
            {
                jobs.Add(_outbox[id]);
            }

            jobs.Sort(static (x, y) => x.CreatedAt != y.CreatedAt ? x.CreatedAt.CompareTo(y.CreatedAt) : string.CompareOrdinal(x.Id, y.Id));
            return ValueTask.FromResult<IReadOnlyList<OutboxMessage>>(jobs);
        }
    }

    private void CheckNewJob(OutboxMessage job)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (job.Version != 0 || job.Status != OutboxMessageStatus.Pending)
        {
            throw new ArgumentException($"A new outbox message must be pending at version 0; '{job.Id}' is {job.Status} at version {job.Version}.", nameof(job));
        }

        if (_outbox.TryGetValue(job.Id, out var existing))
        {
            throw new ConcurrencyConflictException($"outbox message '{job.Id}'", 0, existing.Version);
        }
    }

    private void PutJob(OutboxMessage job)
    {
        if (_outbox.TryAdd(job.Id, job))
        {
            if (!_outboxByConversation.TryGetValue(job.ConversationId, out var ids))
            {
                _outboxByConversation[job.ConversationId] = ids = [];
            }

            ids.Add(job.Id);
        }

        _outbox[job.Id] = job;
        if (job.Status == OutboxMessageStatus.Pending)
        {
            _pendingOutbox.Add(job.Id);
        }
        else
        {
            _pendingOutbox.Remove(job.Id);
        }
    }

    /// <summary>A job of the conversation finished (or it closed with jobs): its retention starts again from now.</summary>
    private void MarkOutboxFinished(ConversationId conversation)
    {
        var now = _clock.GetCurrentInstant();
        _outboxFinishedAt[conversation] = now;
        _pruneQueue.Enqueue((now + _outboxRetention, conversation));
    }

    /// <summary>
    /// Forgets the closed conversations whose retention has ended: the row, its messages, its place in the contact's
    /// history. One still holding outbox jobs is looked at again a retention later. Amortized O(1) per conversation.
    /// </summary>
    private void PruneClosed()
    {
        if (_closedQueue.Count == 0)
        {
            return;
        }

        var now = _clock.GetCurrentInstant();
        while (_closedQueue.TryPeek(out var next) && next.Due <= now)
        {
            _closedQueue.Dequeue();
            var id = next.Conversation;
            if (RowOf(id) is not { IsOpen: false } closed)
            {
                continue;
            }

            if (_outboxByConversation.ContainsKey(id))
            {
                _closedQueue.Enqueue((now + _closedRetention!.Value, id));
                continue;
            }

            _rows.Remove(id);
            if (_byContact.TryGetValue(closed.ContactId, out var history))
            {
                history.Remove(id);
                if (history.Count == 0)
                {
                    _byContact.Remove(closed.ContactId);
                }
            }
        }
    }

    /// <summary>
    /// Removes the jobs of conversations whose retention has ended: all or none of a conversation's jobs, and only when
    /// it is closed (or gone) and none of its jobs is pending, so its job numbering and its request records stay whole.
    /// A conversation not ready yet is looked at again at its next finished job or at its close. Amortized O(1).
    /// </summary>
    private void PruneOutbox()
    {
        if (_pruneQueue.Count == 0)
        {
            return;
        }

        var now = _clock.GetCurrentInstant();
        while (_pruneQueue.TryPeek(out var next) && next.Due <= now)
        {
            _pruneQueue.Dequeue();
            var conversation = next.Conversation;
            if (!_outboxFinishedAt.TryGetValue(conversation, out var finishedAt) || finishedAt + _outboxRetention > now
                || RowOf(conversation) is { IsOpen: true }
                || !_outboxByConversation.TryGetValue(conversation, out var ids) || ids.Exists(_pendingOutbox.Contains))
            {
                continue;
            }

            foreach (var id in ids)
            {
                _outbox.Remove(id);
            }

            _outboxByConversation.Remove(conversation);
            _outboxFinishedAt.Remove(conversation);
        }
    }

    /// <summary>
    /// Refuses a conversation holding a default identifier, as the SQL stores do (their JSON cannot give one back). Only its
    /// own id, contact and department can be one: <see cref="Conversation"/> refuses a default agent wherever it holds one.
    /// Checked directly rather than by <see cref="DefaultIdentifiers"/>' walk, which would cost every write of the lifecycle.
    /// </summary>
    private static void RefuseDefaultIdentifiers(Conversation conversation, string parameter)
    {
        var (property, idType) = conversation.Id.Value is null ? ("Id", nameof(ConversationId))
            : conversation.ContactId.Value is null ? ("ContactId", nameof(ContactId))
            : conversation.DepartmentId.Value is null ? ("DepartmentId", nameof(DepartmentId))
            : ((string?)null, (string?)null);
        if (property is not null)
        {
            throw new ArgumentException(DefaultIdentifiers.Message($"{nameof(Conversation)}.{property}", idType!), parameter);
        }
    }

    /// <summary>Refuses an outbox job whose conversation is a default identifier (its only one), as the SQL stores do.</summary>
    private static void RefuseDefaultIdentifier(OutboxMessage job, string parameter)
    {
        if (job.ConversationId.Value is null)
        {
            throw new ArgumentException(DefaultIdentifiers.Message($"{nameof(OutboxMessage)}.{nameof(OutboxMessage.ConversationId)}", nameof(ConversationId)), parameter);
        }
    }
}
