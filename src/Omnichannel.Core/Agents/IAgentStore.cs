using Omnichannel.Storage;

namespace Omnichannel.Agents;

/// <summary>Stores agents.</summary>
/// <remarks>Implementations must be thread-safe.</remarks>
public interface IAgentStore : IVersionedStore<AgentId, Agent>
{
    /// <summary>Finds an agent by user name (ordinal, case-insensitive).</summary>
    /// <param name="username">The user name, without '@'.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The agent, or null.</returns>
    ValueTask<Agent?> FindByUsernameAsync(string username, CancellationToken cancellationToken);

    /// <summary>Lists the agents of a department, ordered by id.</summary>
    /// <param name="department">The department.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The department's members.</returns>
    ValueTask<IReadOnlyList<Agent>> ListByDepartmentAsync(DepartmentId department, CancellationToken cancellationToken);

    /// <summary>
    /// Reads an agent to decide a conversation change (a take, an assignment). A store may answer from what this process
    /// last read or wrote when its conversation store refuses a write decided from an older version of the agent
    /// (<see cref="Conversations.ConversationWrite.DecidedFromAgent"/>); the operations then read again with
    /// <see cref="IVersionedStore{TId, TEntity}.GetAsync"/>. The default reads the store.
    /// </summary>
    /// <param name="id">The agent.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The agent, or null.</returns>
    ValueTask<Agent?> GetForChangeAsync(AgentId id, CancellationToken cancellationToken) => GetAsync(id, cancellationToken);
}
