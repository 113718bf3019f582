using Omnichannel.Conversations;

namespace Omnichannel.Testing.Conformance;

/// <summary>
/// The reference a store is compared with in model-based runs: the conversations as they should be stored, and
/// what each write should do, decided by the rules of <see cref="IConversationStore"/> written as plainly as possible.
/// </summary>
internal sealed class ConversationStoreModel
{
    private readonly List<Conversation> _rows = [];
    private readonly Dictionary<ConversationId, int> _jobs = [];

    public IReadOnlyList<Conversation> Rows => _rows;

    public int Count => _rows.Count;

    public Conversation? Resolve(int index) => _rows.Count == 0 ? null : _rows[index % _rows.Count];

    public Conversation? OpenOf(ContactId contact, DepartmentId department) =>
        _rows.SingleOrDefault(c => c.IsOpen && c.ContactId == contact && c.DepartmentId == department);

    public int JobsOf(ConversationId conversation) => _jobs.GetValueOrDefault(conversation);

    public void Add(Conversation created) => _rows.Add(created);

    /// <summary>What the store must do with <paramref name="write"/>; the rules never overlap in the generated steps, so their order does not matter.</summary>
    public ModelOutcome Predict(ConversationWrite write)
    {
        var next = write.Conversation;
        var current = _rows.SingleOrDefault(c => c.Id == next.Id);
        if (current is null || current.Version != next.Version)
        {
            return ModelOutcome.Conflict;
        }

        if (next.IsOpen && _rows.Any(c => c.Id != next.Id && c.IsOpen && c.ContactId == next.ContactId && c.DepartmentId == next.DepartmentId))
        {
            return ModelOutcome.Conflict;
        }

        if (write.Claim is { } claim)
        {
            var agentLoad = Served(claim.AgentId, null, claim.CountOnHold, except: next.Id);
            var departmentLoad = Served(claim.AgentId, claim.DepartmentId, claim.CountOnHold, except: next.Id);
            if (!claim.HasRoom(agentLoad, departmentLoad))
            {
                return ModelOutcome.AtCapacity;
            }
        }

        return ModelOutcome.Stored;
    }

    public void Apply(Conversation stored, int jobs)
    {
        _rows[_rows.FindIndex(c => c.Id == stored.Id)] = stored;
        _jobs[stored.Id] = JobsOf(stored.Id) + jobs;
    }

    public int Served(AgentId agent, DepartmentId? department, bool countOnHold, ConversationId? except = null) =>
        _rows.Count(c => c.Id != except && c.ServingAgentId == agent && c.OccupiesServingAgent(countOnHold) && (department is not { } d || c.DepartmentId == d));

    public IEnumerable<ConversationId> Query(ConversationQuery query) =>
        _rows.Where(query.Matches).OrderBy(c => c.CreatedAt).ThenBy(c => c.Id.Value, StringComparer.Ordinal).Select(c => c.Id);
}
