using Omnichannel.Agents;
using Omnichannel.Operations;

namespace Omnichannel.Access;

/// <summary>
/// The one access policy every service asks: who the acting agent is (known, an omnichannel agent, not deactivated),
/// what they may do (the role table, <see cref="RolePermissionTable"/>), and which conversations they see and act on
/// (<see cref="AgentAccess"/>). Hosts and the workspace package use it for their own features too.
/// </summary>
/// <remarks>Implementations are thread-safe. <c>AddOmnichannel</c> registers the default; a host may replace it.</remarks>
public interface IAccessPolicy
{
    /// <summary>What <paramref name="agent"/> may do under the configured role table (none when deactivated).</summary>
    /// <param name="agent">The agent.</param>
    /// <returns>The permissions.</returns>
    AgentPermissions PermissionsOf(Agent agent);

    /// <summary>Resolves an agent's permissions and scope, without any check.</summary>
    /// <param name="agent">The agent.</param>
    /// <param name="cancellationToken">Cancels the read of the departments (for monitors' units).</param>
    /// <returns>The agent's access.</returns>
    ValueTask<AgentAccess> AccessOfAsync(Agent agent, CancellationToken cancellationToken = default);

    /// <summary>
    /// Loads the acting agent and checks that they exist (<see cref="OperationErrorCode.NotFound"/>), hold an omnichannel
    /// role, are not deactivated, and hold <paramref name="required"/> (<see cref="OperationErrorCode.NotPermitted"/>).
    /// </summary>
    /// <param name="agent">The acting agent.</param>
    /// <param name="required">The permissions the operation needs (<see cref="AgentPermissions.None"/> for none).</param>
    /// <param name="purpose">What they try to do, for the message ("see the queue").</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>The agent's access, or the refusal.</returns>
    ValueTask<OperationResult<AgentAccess>> AuthorizeAsync(AgentId agent, AgentPermissions required, string purpose, CancellationToken cancellationToken = default);
}
