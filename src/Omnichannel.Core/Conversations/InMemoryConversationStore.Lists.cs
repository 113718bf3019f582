namespace Omnichannel.Conversations;

/// <summary>The agent's views (<see cref="IConversationListStore"/>): indexes by department and by involved agent, kept with every write.</summary>
public sealed partial class InMemoryConversationStore : IConversationListStore
{
    private readonly Dictionary<DepartmentId, HashSet<ConversationId>> _byDepartment = [];
    private readonly Dictionary<AgentId, HashSet<ConversationId>> _byInvolvedAgent = [];

    /// <inheritdoc />
    public ValueTask<ConversationPage> ListAsync(ConversationListQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Validate();
        cancellationToken.ThrowIfCancellationRequested();
        lock (_sync)
        {
            var candidates = new HashSet<ConversationId>();
            if (query.ContactId is { } contact)
            {
                candidates.UnionWith(_byContact.GetValueOrDefault(contact) ?? []);
            }
            else if (query.DepartmentId is { } department)
            {
                candidates.UnionWith(_byDepartment.GetValueOrDefault(department) ?? []);
            }
            else if (query.Departments is null)
            {
                candidates.UnionWith(_rows.Keys);
            }
            else
            {
                foreach (var inScope in query.Departments)
                {
                    candidates.UnionWith(_byDepartment.GetValueOrDefault(inScope) ?? []);
                }

                if (query.InvolvingAgent is { } agent)
                {
                    candidates.UnionWith(_byInvolvedAgent.GetValueOrDefault(agent) ?? []);
                }
            }

            var matches = candidates.Select(id => _rows[id].Conversation).Where(query.Matches).ToList();
            matches.Sort(ConversationCursor.Compare);
            return ValueTask.FromResult(ConversationPage.From(matches.Count > query.Limit ? matches.GetRange(0, query.Limit + 1) : matches, query.Limit));
        }
    }

    /// <inheritdoc />
    public ValueTask<int> CountQueuedAheadAsync(Conversation queued, QueuePlaceOrder order, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(queued);
        ArgumentNullException.ThrowIfNull(order);
        cancellationToken.ThrowIfCancellationRequested();
        var priorities = order.Priorities;
        lock (_sync)
        {
            // Over the department's queued index, with the comparer of the "Queued Chats" list: no copy of the queue.
            var ahead = 0;
            foreach (var (id, row) in _queuedByDepartment.GetValueOrDefault(queued.DepartmentId) ?? [])
            {
                if (id != queued.Id && QueueOrder.Compare(row, queued, priorities) < 0)
                {
                    ahead++;
                }
            }

            return ValueTask.FromResult(ahead);
        }
    }

    /// <summary>Keeps the list indexes: a conversation under its department, and under every agent involved in it (never removed: served stays served).</summary>
    private void IndexForLists(Conversation? old, Conversation stored)
    {
        if (old is not null && old.DepartmentId != stored.DepartmentId)
        {
            _byDepartment.GetValueOrDefault(old.DepartmentId)?.Remove(stored.Id);
        }

        // Entries are never removed for agents, so what the old version indexed is indexed already: only additions are added.
        if (old is null || old.DepartmentId != stored.DepartmentId)
        {
            Add(_byDepartment, stored.DepartmentId, stored.Id);
        }

        AgentId? added = null;
        if (stored.ServingAgentId is { } serving && serving != old?.ServingAgentId)
        {
            Add(_byInvolvedAgent, serving, stored.Id, AgentCapacityHint);
            added = serving;
        }

        if (old is null || old.ServedBy != stored.ServedBy)
        {
            foreach (var agent in stored.ServedBy)
            {
                // A take adds its agent both as serving and to ServedBy: one insertion is enough.
                if (agent != added)
                {
                    Add(_byInvolvedAgent, agent, stored.Id, AgentCapacityHint);
                }
            }
        }

        if (old is null || old.Participants != stored.Participants)
        {
            foreach (var agent in stored.Participants)
            {
                Add(_byInvolvedAgent, agent, stored.Id, AgentCapacityHint);
            }
        }
    }
}
