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
        OperationError? refusal = null;
        if (found is null)
        {
            refusal = new(OperationErrorCode.NotFound, $"Agent '{agent}' does not exist.");
        }
        else if (!found.IsOmnichannelAgent)
        {
            refusal = new(OperationErrorCode.NotPermitted, $"User '{found.Username}' ({agent}) is not an omnichannel agent or manager. Only omnichannel agents can {purpose}.");
        }
        else if (found.Deactivated)
        {
            refusal = new(OperationErrorCode.NotPermitted, $"Agent '{agent}' is deactivated and cannot {purpose}.");
        }
        else if ((_table.PermissionsOf(found) & required) != required)
        {
            var missing = required & ~_table.PermissionsOf(found);
            refusal = new(OperationErrorCode.NotPermitted, $"Agent '{agent}' lacks the {missing} permission. It is needed to {purpose}.");
        }

        if (refusal is not null)
        {
            logger.AccessRefused(agent, purpose, refusal.Code);
            return OperationResult<AgentAccess>.Failure(refusal);
        }

        return OperationResult<AgentAccess>.Ok(await AccessOfAsync(found!, cancellationToken).ConfigureAwait(false));
    }
}
