using Omnichannel.Agents;

namespace Omnichannel.Storage.InMemory;

/// <summary>The default agent store: agents in memory, lost when the process ends.</summary>
/// <remarks>This type is thread-safe.</remarks>
public sealed class InMemoryAgentStore : IAgentStore
{
    private readonly InMemoryVersionedTable<AgentId, Agent> _table = new("agent", static a => a.Id);

    /// <inheritdoc />
    public ValueTask<Agent?> GetAsync(AgentId id, CancellationToken cancellationToken) => ValueTask.FromResult(_table.Get(id));

    /// <inheritdoc />
    public ValueTask<Agent> SaveAsync(Agent entity, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(_table.Save(entity));
    }

    /// <inheritdoc />
    public ValueTask<Agent?> FindByUsernameAsync(string username, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(username);
        var found = _table.Where(a => string.Equals(a.Username, username, StringComparison.OrdinalIgnoreCase));
        return ValueTask.FromResult(found.Count > 0 ? found[0] : null);
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<Agent>> ListByDepartmentAsync(DepartmentId department, CancellationToken cancellationToken)
    {
        var members = _table.Where(a => a.Departments.Contains(department));
        members.Sort(static (x, y) => string.CompareOrdinal(x.Id.Value, y.Id.Value));
        return ValueTask.FromResult<IReadOnlyList<Agent>>(members);
    }
}
