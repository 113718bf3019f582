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
        if (AccessWithoutDepartmentRead(agent, permissions) is { } access)
        {
            return access;
        }

        // A monitor of units: departments are few (they are configuration, not traffic), one read of them resolves the units.
        var builder = agent.Departments.ToBuilder();
        foreach (var department in await departments.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            if (department.UnitId is { } unit && agent.SupervisedUnits.Contains(unit))
            {
                builder.Add(department.Id);
            }
        }

        return new(agent, permissions, allDepartments: false, builder.ToImmutable());
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
    /// <summary>
    /// <see cref="AuthorizeReadAsync"/> without a state machine or a result object, for the hot path: the access of
    /// <paramref name="found"/> when it has <paramref name="required"/> and its scope needs no department read (not a
    /// monitor of units), else null, and the caller asks <see cref="AuthorizeReadAsync"/>, which refuses or reads.
    /// </summary>
    internal AgentAccess? TryAuthorizeRead(Agent? found, AgentPermissions required)
    {
        if (found is not { IsOmnichannelAgent: true, Deactivated: false })
        {
            return null;
        }

        var permissions = _table.PermissionsOf(found);
        if ((permissions & required) != required)
        {
            return null;
        }

        return AccessWithoutDepartmentRead(found, permissions);
    }

    /// <summary>The access of <paramref name="agent"/> when its scope needs no read of the departments (all of them, or its own), else null (a monitor of units).</summary>
    private static AgentAccess? AccessWithoutDepartmentRead(Agent agent, AgentPermissions permissions)
    {
        if ((permissions & AgentPermissions.AllDepartments) != 0)
        {
            return new(agent, permissions, allDepartments: true, agent.Departments);
        }

        return (permissions & AgentPermissions.SuperviseUnits) != 0 && !agent.SupervisedUnits.IsEmpty
            ? null
            : new(agent, permissions, allDepartments: false, agent.Departments);
    }

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
