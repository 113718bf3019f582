using Omnichannel.Departments;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Omnichannel.Agents;
using Omnichannel.DependencyInjection;
using Omnichannel.Operations;

namespace Omnichannel.Access;

/// <summary>The default <see cref="IAccessPolicy"/>: the role table of <see cref="OmnichannelOptions.RolePermissions"/> and the stores.</summary>
/// <remarks>Thread-safe: it keeps no state between calls.</remarks>
internal sealed class AccessPolicy(IAgentStore agents, IDepartmentStore departments, IOptions<OmnichannelOptions> options, ILogger<AccessPolicy> logger) : IAccessPolicy
{
    private readonly RolePermissionTable _table = options.Value.RolePermissions;

    public AgentPermissions PermissionsOf(Agent agent) => _table.PermissionsOf(agent);

    public async ValueTask<AgentAccess> AccessOfAsync(Agent agent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(agent);
        var permissions = _table.PermissionsOf(agent);
        if ((permissions & AgentPermissions.AllDepartments) != 0)
        {
            return new(agent, permissions, allDepartments: true, agent.Departments);
        }

        var scope = agent.Departments;
        if ((permissions & AgentPermissions.SuperviseUnits) != 0 && !agent.SupervisedUnits.IsEmpty)
        {
            // Departments are few (they are configuration, not traffic): one read of them resolves a monitor's units.
            var builder = scope.ToBuilder();
            foreach (var department in await departments.ListAsync(cancellationToken).ConfigureAwait(false))
            {
                if (department.UnitId is { } unit && agent.SupervisedUnits.Contains(unit))
                {
                    builder.Add(department.Id);
                }
            }

            scope = builder.ToImmutable();
        }

        return new(agent, permissions, allDepartments: false, scope);
    }

    public async ValueTask<OperationResult<AgentAccess>> AuthorizeAsync(AgentId agent, AgentPermissions required, string purpose, CancellationToken cancellationToken = default)
    {
        Validation.Require.Id(agent);
        ArgumentException.ThrowIfNullOrWhiteSpace(purpose);
        var found = await agents.GetAsync(agent, cancellationToken).ConfigureAwait(false);
        if (Refusal(agent, found, required, purpose) is { } refusal)
        {
            logger.AccessRefused(agent, purpose, refusal.Code);
            return OperationResult<AgentAccess>.Failure(refusal);
        }

        return OperationResult<AgentAccess>.Ok(await AccessOfAsync(found!, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>
    /// The same checks as <see cref="AuthorizeAsync"/> on an agent record the caller already read (a conversation change
    /// decides from <see cref="IAgentStore.GetForChangeAsync"/>, whose answer its write's version check confirms), so the
    /// policy costs no read of its own. A refusal is not logged: the caller confirms it with <see cref="AuthorizeAsync"/>,
    /// which reads fresh.
    /// </summary>
    internal async ValueTask<OperationResult<AgentAccess>> AuthorizeReadAsync(AgentId agent, Agent? found, AgentPermissions required, string purpose, CancellationToken cancellationToken)
    {
        if (Refusal(agent, found, required, purpose) is { } refusal)
        {
            return OperationResult<AgentAccess>.Failure(refusal);
        }

        return OperationResult<AgentAccess>.Ok(await AccessOfAsync(found!, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Why <paramref name="found"/> may not act with <paramref name="required"/>, or null when it may.</summary>
    private OperationError? Refusal(AgentId agent, Agent? found, AgentPermissions required, string purpose)
    {
        if (found is null)
        {
            return new(OperationErrorCode.NotFound, $"Agent '{agent}' does not exist.");
        }

        if (!found.IsOmnichannelAgent)
        {
            return new(OperationErrorCode.NotPermitted, $"User '{found.Username}' ({agent}) is not an omnichannel agent or manager. Only omnichannel agents can {purpose}.");
        }

        if (found.Deactivated)
        {
            return new(OperationErrorCode.NotPermitted, $"Agent '{agent}' is deactivated and cannot {purpose}.");
        }

        var permissions = _table.PermissionsOf(found);
        if ((permissions & required) != required)
        {
            return new(OperationErrorCode.NotPermitted, $"Agent '{agent}' lacks the {required & ~permissions} permission. It is needed to {purpose}.");
        }

        return null;
    }
}
