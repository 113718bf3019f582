using Omnichannel.Operations;

namespace Omnichannel.Agents;

/// <summary>Registers agents, changes them, and changes their status (raising <see cref="Notifications.AgentStatusChanged"/>).</summary>
/// <remarks>Implementations are thread-safe.</remarks>
public interface IAgentService
{
    /// <summary>Adds a new agent after validating it (unique user name, known departments, non-negative limits).</summary>
    /// <param name="agent">The agent, at version 0.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The stored agent.</returns>
    ValueTask<OperationResult<Agent>> RegisterAsync(Agent agent, CancellationToken cancellationToken = default);

    /// <summary>Saves changes to an agent read earlier (its version is checked; a conflict is retried by the caller).</summary>
    /// <param name="agent">The changed agent.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The stored agent.</returns>
    ValueTask<OperationResult<Agent>> UpdateAsync(Agent agent, CancellationToken cancellationToken = default);

    /// <summary>Sets an agent's status (Available, Away, Offline).</summary>
    /// <remarks>
    /// Business hours (the anchor's "should not allow a user to be available if BH are closed"): an agent whose departments
    /// all have <see cref="Departments.Department.BusinessHours"/> that are closed now (and do not route outside them,
    /// <see cref="Departments.BusinessHours.RouteOutsideHours"/>) cannot become Available:
    /// <see cref="OperationErrorCode.OutsideBusinessHours"/>, nothing stored. One department without business hours, or open
    /// now, is enough. Away and Offline are always accepted, and an agent already Available stays so when the hours close.
    /// </remarks>
    /// <param name="agent">The agent.</param>
    /// <param name="status">The new status.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The stored agent.</returns>
    ValueTask<OperationResult<Agent>> SetStatusAsync(AgentId agent, AgentStatus status, CancellationToken cancellationToken = default);

    /// <summary>Reads an agent.</summary>
    /// <param name="agent">The agent.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The agent, or null.</returns>
    ValueTask<Agent?> GetAsync(AgentId agent, CancellationToken cancellationToken = default);
}
