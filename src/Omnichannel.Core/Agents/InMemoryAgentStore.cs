using Omnichannel.Storage;

namespace Omnichannel.Agents;

/// <summary>The default agent store: agents in memory, lost when the process ends, indexed by user name and department.</summary>
/// <remarks>This type is thread-safe.</remarks>
public sealed class InMemoryAgentStore : IAgentStore
{
    private readonly InMemoryVersionedTable<AgentId, Agent> _table = new("agent", static a => a.Id);
    private readonly Dictionary<string, Agent> _byUsername = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<DepartmentId, SortedDictionary<string, Agent>> _byDepartment = [];

    /// <summary>
    /// Each department's members as last listed, until a write touches the department: every new conversation asks whether
    /// anyone is online, and listing a sorted dictionary allocates its walk each time. Read-only lists, shared by readers.
    /// </summary>
    private readonly Dictionary<DepartmentId, IReadOnlyList<Agent>> _listedByDepartment = [];

    /// <inheritdoc />
    public ValueTask<Agent?> GetAsync(AgentId id, CancellationToken cancellationToken) => ValueTask.FromResult(_table.Get(id));

    /// <inheritdoc />
    public ValueTask<Agent> SaveAsync(Agent entity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entity);
        // Checked before the write: a null user name or department set would make the indexes throw half-way through it.
        ArgumentNullException.ThrowIfNull(entity.Username, nameof(entity) + ".Username");
        ArgumentNullException.ThrowIfNull(entity.Departments, nameof(entity) + ".Departments");
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(_table.Save(entity, Reindex, RefuseNameHeldByAnother));
    }

    /// <summary>
    /// User names are unique ignoring letter case, as in the SQL stores (a unique index there): the agent service checks
    /// first, so this refuses only a race between two registrations, or a caller writing to the store directly.
    /// </summary>
    private void RefuseNameHeldByAnother(Agent entity)
    {
        if (_byUsername.TryGetValue(entity.Username, out var holder) && holder.Id != entity.Id)
        {
            throw new ConcurrencyConflictException(
                $"Cannot save agent '{entity.Id}': the user name '{entity.Username}' is already held by agent '{holder.Id}' (user names are unique, ignoring letter case).");
        }
    }

    /// <inheritdoc />
    public ValueTask<Agent?> FindByUsernameAsync(string username, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(username);
        lock (_table.Sync)
        {
            return ValueTask.FromResult(_byUsername.GetValueOrDefault(username));
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<Agent>> ListByDepartmentAsync(DepartmentId department, CancellationToken cancellationToken)
    {
        lock (_table.Sync)
        {
            if (!_listedByDepartment.TryGetValue(department, out var members))
            {
                members = _byDepartment.TryGetValue(department, out var byId) ? [.. byId.Values] : [];
                _listedByDepartment[department] = members;
            }

            return ValueTask.FromResult(members);
        }
    }

    /// <summary>Keeps the indexes in step with a write; runs under the table's lock.</summary>
    private void Reindex(Agent? previous, Agent stored)
    {
        if (previous is not null)
        {
            // Only remove the name if it still points at this agent (another agent may hold it now).
            if (_byUsername.TryGetValue(previous.Username, out var holder) && holder.Id == previous.Id)
            {
                _byUsername.Remove(previous.Username);
            }

            foreach (var department in previous.Departments)
            {
                _byDepartment.GetValueOrDefault(department)?.Remove(previous.Id.Value);
                _listedByDepartment.Remove(department);
            }
        }

        // Nobody else holds the name: RefuseNameHeldByAnother ran under the same lock.
        _byUsername[stored.Username] = stored;

        foreach (var department in stored.Departments)
        {
            if (!_byDepartment.TryGetValue(department, out var byId))
            {
                _byDepartment[department] = byId = new SortedDictionary<string, Agent>(StringComparer.Ordinal);
            }

            byId[stored.Id.Value] = stored;
            _listedByDepartment.Remove(department);
        }
    }
}
