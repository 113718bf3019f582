using Microsoft.Extensions.Options;
using NodaTime;
using Omnichannel.Contacts;
using Omnichannel.Departments;
using Omnichannel.DependencyInjection;
using Omnichannel.Notifications;
using Omnichannel.Operations;
using Omnichannel.Storage;
using Omnichannel.Validation;

namespace Omnichannel.Agents;

/// <summary>Validates and stores agents; raises <see cref="AgentStatusChanged"/> whenever a status changes.</summary>
/// <remarks>Thread-safe: it keeps no state between calls.</remarks>
internal sealed class AgentService(IAgentStore agents, IDepartmentStore departments, DomainEventDispatcher events, IClock clock, IOptions<OmnichannelOptions> options) : IAgentService
{
    private static readonly AgentRoles AllRoles = Enum.GetValues<AgentRoles>().Aggregate(AgentRoles.None, static (all, r) => all | r);
    private static readonly AgentPermissions AllPermissions = Enum.GetValues<AgentPermissions>().Aggregate(AgentPermissions.None, static (all, p) => all | p);

    private readonly OmnichannelOptions _options = options.Value;

    public ValueTask<Agent?> GetAsync(AgentId agent, CancellationToken cancellationToken = default)
    {
        Require.Id(agent);
        return agents.GetAsync(agent, cancellationToken);
    }

    public async ValueTask<OperationResult<Agent>> RegisterAsync(Agent agent, CancellationToken cancellationToken = default)
    {
        RequireIds(agent);
        Require.Storable(agent.Id.Value, "agent id", _options.MaxIdLength);
        if (agent.Version != 0)
        {
            return Invalid($"Agent '{agent.Id}' is at version {agent.Version}; register new agents at version 0 and change existing ones with UpdateAsync.");
        }

        if (await agents.GetAsync(agent.Id, cancellationToken).ConfigureAwait(false) is not null)
        {
            return Invalid($"Agent '{agent.Id}' is already registered.");
        }

        var registered = agent.Deactivated ? agent with { Status = AgentStatus.Offline } : agent;
        return await SaveAsync(registered with { StatusChangedAt = clock.GetCurrentInstant() }, previous: null, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<OperationResult<Agent>> UpdateAsync(Agent agent, CancellationToken cancellationToken = default)
    {
        RequireIds(agent);
        var current = await agents.GetAsync(agent.Id, cancellationToken).ConfigureAwait(false);
        if (current is null)
        {
            return OperationResult<Agent>.Failure(OperationErrorCode.NotFound, $"Agent '{agent.Id}' does not exist; register it first.");
        }

        // A deactivated agent is Offline: routing then moves their conversations on, and nothing is routed to them.
        var deactivated = agent.Deactivated && agent.Status != AgentStatus.Offline ? agent with { Status = AgentStatus.Offline } : agent;
        var changed = deactivated.Status == current.Status ? deactivated : deactivated with { StatusChangedAt = clock.GetCurrentInstant() };
        return await SaveAsync(changed, current, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<OperationResult<Agent>> SetStatusAsync(AgentId agent, AgentStatus status, CancellationToken cancellationToken = default)
    {
        Require.Id(agent);
        if (!Enum.IsDefined(status))
        {
            return Invalid($"Status {(int)status} is not Offline, Away or Available.");
        }

        while (true)
        {
            var current = await agents.GetAsync(agent, cancellationToken).ConfigureAwait(false);
            // A user without an omnichannel role is not an agent here: "agent not found", as the anchor answers.
            if (current is null || !current.IsOmnichannelAgent)
            {
                return OperationResult<Agent>.Failure(OperationErrorCode.NotFound, current is null
                    ? $"Agent '{agent}' does not exist."
                    : $"Agent '{agent}' not found: user '{current.Username}' is not an omnichannel agent, so it has no omnichannel status.");
            }

            if (current.Deactivated && status != AgentStatus.Offline)
            {
                return OperationResult<Agent>.Failure(OperationErrorCode.NotPermitted, $"Agent '{agent}' is deactivated; a deactivated agent stays Offline until reactivated.");
            }

            if (current.Status == status)
            {
                return OperationResult<Agent>.Ok(current);
            }

            if (status == AgentStatus.Available && await ClosedDepartmentsAsync(current, cancellationToken).ConfigureAwait(false) is { } closed)
            {
                return OperationResult<Agent>.Failure(OperationErrorCode.OutsideBusinessHours,
                    $"Agent '{agent}' cannot become Available now: the business hours of {(closed.Count == 1 ? "their department" : "every department of theirs")} ({string.Join(", ", closed)}) are closed. Try again when one opens.");
            }

            try
            {
                var stored = await agents.SaveAsync(current with { Status = status, StatusChangedAt = clock.GetCurrentInstant() }, cancellationToken).ConfigureAwait(false);
                await PublishStatusAsync(current, stored, cancellationToken).ConfigureAwait(false);
                return OperationResult<Agent>.Ok(stored);
            }
            catch (ConcurrencyConflictException)
            {
                // Someone else changed the agent; read again and reapply the status.
            }
        }
    }

    /// <summary>
    /// The names of the agent's departments when every one of them is outside its business hours now (the anchor refuses
    /// "available" then); null when one is open, has no business hours, routes outside them, or is unknown, or the agent
    /// has no department.
    /// </summary>
    private async ValueTask<List<string>?> ClosedDepartmentsAsync(Agent agent, CancellationToken cancellationToken)
    {
        if (agent.Departments.IsEmpty)
        {
            return null;
        }

        var now = clock.GetCurrentInstant();
        var closed = new List<string>(agent.Departments.Count);
        foreach (var id in agent.Departments)
        {
            var department = await departments.GetAsync(id, cancellationToken).ConfigureAwait(false);
            if (department?.BusinessHours is not { RouteOutsideHours: false } hours || hours.IsOpenAt(now))
            {
                return null;
            }

            closed.Add(string.IsNullOrWhiteSpace(department.Name) ? id.Value : department.Name);
        }

        return closed;
    }

    private async ValueTask<OperationResult<Agent>> SaveAsync(Agent agent, Agent? previous, CancellationToken cancellationToken)
    {
        if (await ValidateAsync(agent, cancellationToken).ConfigureAwait(false) is { } problem)
        {
            return Invalid(problem);
        }

        Agent stored;
        try
        {
            stored = await agents.SaveAsync(agent, cancellationToken).ConfigureAwait(false);
        }
        catch (ConcurrencyConflictException conflict)
        {
            return OperationResult<Agent>.Failure(OperationErrorCode.Conflict, conflict.Message);
        }

        if (events.HasPublishers)
        {
            await events.PublishAsync(new AgentUpdated(clock.GetCurrentInstant(), stored, previous), cancellationToken).ConfigureAwait(false);
        }

        if (previous is not null)
        {
            await PublishStatusAsync(previous, stored, cancellationToken).ConfigureAwait(false);
        }
        else if (events.HasPublishers && stored.Status != AgentStatus.Offline)
        {
            // A new agent starts from Offline; registering one already Available or Away is a status change.
            await events.PublishAsync(new AgentStatusChanged(stored.StatusChangedAt, stored, AgentStatus.Offline), cancellationToken).ConfigureAwait(false);
        }

        return OperationResult<Agent>.Ok(stored);
    }

    private async ValueTask PublishStatusAsync(Agent previous, Agent stored, CancellationToken cancellationToken)
    {
        if (previous.Status != stored.Status && events.HasPublishers)
        {
            await events.PublishAsync(new AgentStatusChanged(stored.StatusChangedAt, stored, previous.Status), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Caller bugs, refused before anything is read: a null agent or collection, a default identifier anywhere in it.</summary>
    private static void RequireIds(Agent agent)
    {
        ArgumentNullException.ThrowIfNull(agent);
        Require.Id(agent.Id);
        ArgumentNullException.ThrowIfNull(agent.Departments, nameof(agent) + ".Departments");
        ArgumentNullException.ThrowIfNull(agent.ChannelCapacity, nameof(agent) + ".ChannelCapacity");
        ArgumentNullException.ThrowIfNull(agent.Skills, nameof(agent) + ".Skills");
        ArgumentNullException.ThrowIfNull(agent.CustomRoles, nameof(agent) + ".CustomRoles");
        ArgumentNullException.ThrowIfNull(agent.SupervisedUnits, nameof(agent) + ".SupervisedUnits");
        if (agent.SupervisedUnits.Count <= 10_000)
        {
            foreach (var unit in agent.SupervisedUnits)
            {
                if (unit.Value is null)
                {
                    throw new ArgumentException("A supervised unit is default(UnitId), which names no unit.", nameof(agent) + ".SupervisedUnits");
                }
            }
        }

        if (agent.Departments.Count <= 10_000)
        {
            foreach (var department in agent.Departments)
            {
                Require.Id(department, nameof(agent) + ".Departments");
            }
        }
    }

    private async ValueTask<string?> ValidateAsync(Agent agent, CancellationToken cancellationToken)
    {
        if (TextRules.IsBlank(agent.Username) || agent.Username.Any(char.IsWhiteSpace) || agent.Username.StartsWith('@'))
        {
            return $"Agent '{agent.Id}' has user name '{Require.Shorten(agent.Username)}'; a user name is not empty and has no spaces or leading '@'.";
        }

        if (LimitsProblem(agent) is { } outOfBounds)
        {
            return outOfBounds;
        }

        if (agent.MaxSimultaneousConversations < 0)
        {
            return $"Agent '{agent.Id}' has MaxSimultaneousConversations {agent.MaxSimultaneousConversations}; use 0 for no personal limit or a positive number.";
        }

        if (!Enum.IsDefined(agent.Status))
        {
            return $"Agent '{agent.Id}' has status {(int)agent.Status}, which is not Offline, Away or Available.";
        }

        var sameName = await agents.FindByUsernameAsync(agent.Username, cancellationToken).ConfigureAwait(false);
        if (sameName is not null && sameName.Id != agent.Id)
        {
            return $"User name '{agent.Username}' already belongs to agent '{sameName.Id}'.";
        }

        foreach (var department in agent.Departments)
        {
            if (await departments.GetAsync(department, cancellationToken).ConfigureAwait(false) is null)
            {
                return $"Agent '{agent.Id}' names department '{department}', which does not exist.";
            }
        }

        return null;
    }

    /// <summary>Every text and collection of the agent within its bounds (<see cref="OmnichannelOptions"/>), and every value meaningful.</summary>
    private string? LimitsProblem(Agent agent)
    {
        var id = Require.Shorten(agent.Id.Value);
        var names = (_options.MaxNameLength, "OmnichannelOptions.MaxNameLength");
        var problem = TextRules.Problem(agent.Username, "user name", names.MaxNameLength, names.Item2, singleLine: true)
            ?? (agent.DisplayName is null ? null : TextRules.Problem(agent.DisplayName, "display name", names.MaxNameLength, names.Item2, singleLine: true, allowEmpty: true))
            ?? (agent.Email is null ? null : TextRules.Problem(agent.Email, "email address", ContactLimits.MaxEmailLength, "ContactLimits.MaxEmailLength", singleLine: true, allowEmpty: true));
        // The address is the agent's (canned responses' agent.email placeholder): an address, like a contact's, or none.
        if (problem is null && agent.Email is { Length: > 0 } email && !TextRules.IsBlank(email))
        {
            problem = Contacts.ContactValidation.EmailProblem(email);
        }

        if (problem is not null)
        {
            return $"Agent '{id}': {problem}";
        }

        if ((agent.Roles & ~AllRoles) != 0 || ((agent.Permissions ?? AgentPermissions.None) & ~AllPermissions) != 0)
        {
            return $"Agent '{id}' has roles {(int)agent.Roles} or permissions {(long)(agent.Permissions ?? AgentPermissions.None)} with flags the library does not define.";
        }

        foreach (var (what, count) in new[] { ("departments", agent.Departments.Count), ("skills", agent.Skills.Count), ("channel capacities", agent.ChannelCapacity.Count), ("custom roles", agent.CustomRoles.Count), ("supervised units", agent.SupervisedUnits.Count) })
        {
            if (count > _options.MaxListLength)
            {
                return $"Agent '{id}' has {count} {what}; at most {_options.MaxListLength} are accepted. The limit is OmnichannelOptions.MaxListLength.";
            }
        }

        foreach (var (channel, capacity) in agent.ChannelCapacity)
        {
            if (ChannelRules.Problem(channel) is { } badChannel)
            {
                return $"Agent '{id}' has a capacity for a channel that is not one. {badChannel}";
            }

            if (capacity < 0)
            {
                return $"Agent '{id}' has capacity {capacity} for channel '{channel}'; use 0 for no limit of its own, or a positive number.";
            }
        }

        foreach (var role in agent.CustomRoles)
        {
            if (TextRules.Problem(role, "custom role name", names.MaxNameLength, names.Item2, singleLine: true) is { } badRole)
            {
                return $"Agent '{id}': {badRole}";
            }
        }

        foreach (var (skill, level) in agent.Skills)
        {
            if (TextRules.Problem(skill, "skill name", names.MaxNameLength, names.Item2, singleLine: true) is { } badSkill)
            {
                return $"Agent '{id}': {badSkill}";
            }

            if (level < 0)
            {
                return $"Agent '{id}' has level {level} in skill '{Require.Shorten(skill)}'; a level is 0 or more.";
            }
        }

        return null;
    }

    private static OperationResult<Agent> Invalid(string message) => OperationResult<Agent>.Failure(OperationErrorCode.InvalidAgent, message);
}
