using Omnichannel.Conversations;
using Omnichannel.Logging;
using Omnichannel.Notifications;
using Omnichannel.Operations;
using Omnichannel.Storage;
using Omnichannel.Validation;

namespace Omnichannel.Departments;

/// <summary>
/// Deleting a department, the anchor's way (its members and the departments pointing at it are updated) but never leaving
/// an open conversation without a department: those are refused, as is a deletion that would widen another department's
/// forwarding rules. Each step is a versioned write, so a step that meets a concurrent change reads and decides again.
/// </summary>
internal sealed partial class DepartmentService
{
    private static readonly ConversationState[] OpenStates =
        [ConversationState.Queued, ConversationState.Taken, ConversationState.OnHold, ConversationState.Forwarded];

    /// <summary>How many open conversations a refusal names before it says "and N more".</summary>
    private const int NamedInRefusal = 5;

    public async ValueTask<OperationResult<Department>> DeleteAsync(DepartmentId department, CancellationToken cancellationToken = default)
    {
        Require.Id(department);
        if (!_options.AllowDepartmentDeletion)
        {
            return OperationResult<Department>.Failure(OperationErrorCode.NotPermitted,
                $"Departments cannot be deleted here (OmnichannelOptions.AllowDepartmentDeletion is off); department '{department}' was not deleted. Disable it instead (Department.Enabled = false).");
        }

        var current = await departments.GetAsync(department, cancellationToken).ConfigureAwait(false);
        if (current is null)
        {
            return OperationResult<Department>.Failure(OperationErrorCode.NotFound, $"Department '{department}' does not exist; nothing was deleted.");
        }

        if (await InUseAsync(current, cancellationToken).ConfigureAwait(false) is { } inUse)
        {
            return OperationResult<Department>.Failure(inUse);
        }

        var disabledHere = false;
        try
        {
            // Disabled first: a disabled department takes no first message, forward or move, so no conversation can arrive
            // between the check above and the delete. Checked again once disabled; a conversation that slipped in between
            // puts the department back as it was.
            var disabled = current.Enabled ? await departments.SaveAsync(current with { Enabled = false }, cancellationToken).ConfigureAwait(false) : current;
            disabledHere = current.Enabled;
            var refusal = await InUseAsync(disabled, cancellationToken).ConfigureAwait(false);
            var changed = refusal is null ? await DetachFromOtherDepartmentsAsync(department, cancellationToken).ConfigureAwait(false) : ([], null);
            if ((refusal ?? changed.Error) is { } stop)
            {
                await ReenableAsync(department, disabledHere, cancellationToken).ConfigureAwait(false);
                return OperationResult<Department>.Failure(stop);
            }

            var members = await RemoveMembershipsAsync(department, cancellationToken).ConfigureAwait(false);
            if (!await departments.DeleteAsync(department, disabled.Version, cancellationToken).ConfigureAwait(false))
            {
                return OperationResult<Department>.Failure(OperationErrorCode.NotFound, $"Department '{department}' was deleted by someone else meanwhile.");
            }

            logger.DepartmentDeleted(department, members.Count, changed.Departments.Count);
            if (events.HasPublishers)
            {
                await events.PublishAsync(new DepartmentDeleted(clock.GetCurrentInstant(), current, members, changed.Departments), cancellationToken).ConfigureAwait(false);
            }

            return OperationResult<Department>.Ok(current);
        }
        catch (ConcurrencyConflictException conflict)
        {
            await ReenableAsync(department, disabledHere, cancellationToken).ConfigureAwait(false);
            return OperationResult<Department>.Failure(OperationErrorCode.Conflict,
                $"Department '{department}' changed while it was being deleted ({conflict.Message}); it was not deleted. Read it again and retry.");
        }
    }

    /// <summary>Enables again a department this deletion disabled and then did not delete (whoever changed it meanwhile wins).</summary>
    private async ValueTask ReenableAsync(DepartmentId department, bool disabledHere, CancellationToken cancellationToken)
    {
        if (!disabledHere)
        {
            return;
        }

        for (var attempt = 1; attempt <= _options.MaxWriteAttempts; attempt++)
        {
            if (await departments.GetAsync(department, cancellationToken).ConfigureAwait(false) is not { Enabled: false } stored)
            {
                return;
            }

            try
            {
                await departments.SaveAsync(stored with { Enabled = true }, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (ConcurrencyConflictException)
            {
                // Changed meanwhile: read it again.
            }
        }
    }

    /// <summary>Why <paramref name="department"/> cannot be deleted now, or null.</summary>
    private async ValueTask<OperationError?> InUseAsync(Department department, CancellationToken cancellationToken)
    {
        var open = await conversations.QueryAsync(new ConversationQuery { DepartmentId = department.Id, States = OpenStates }, cancellationToken).ConfigureAwait(false);
        if (open.Count > 0)
        {
            var named = string.Join(", ", open.Take(NamedInRefusal).Select(c => $"'{c.Id}' ({c.State})"));
            var more = open.Count > NamedInRefusal ? $" and {open.Count - NamedInRefusal} more" : string.Empty;
            return new(OperationErrorCode.DepartmentInUse,
                $"Department '{department.Id}' was not deleted: it has {open.Count} open conversation(s), {named}{more}. Close them or forward them to another department first.");
        }

        var onlyTarget = (await departments.ListAsync(cancellationToken).ConfigureAwait(false))
            .Where(d => d.Id != department.Id && d.ForwardTargets.Count == 1 && d.ForwardTargets.Contains(department.Id))
            .Select(d => $"'{d.Id}'")
            .ToList();
        return onlyTarget.Count == 0 ? null
            : new(OperationErrorCode.DepartmentInUse,
                $"Department '{department.Id}' was not deleted: department(s) {string.Join(", ", onlyTarget)} may forward only to it, and an empty list of forward targets means any department. Change their forward targets first.");
    }

    /// <summary>Removes <paramref name="deleted"/> as fallback and forward target of every other department.</summary>
    private async ValueTask<(IReadOnlyList<DepartmentId> Departments, OperationError? Error)> DetachFromOtherDepartmentsAsync(DepartmentId deleted, CancellationToken cancellationToken)
    {
        var changed = new List<DepartmentId>();
        foreach (var other in await departments.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            for (var attempt = 1; ; attempt++)
            {
                var current = attempt == 1 ? other : await departments.GetAsync(other.Id, cancellationToken).ConfigureAwait(false);
                if (current is null || current.Id == deleted || (current.FallbackDepartmentId != deleted && !current.ForwardTargets.Contains(deleted)))
                {
                    break;
                }

                if (current.ForwardTargets.Count == 1 && current.ForwardTargets.Contains(deleted))
                {
                    // Set meanwhile: the check before disabling did not see it.
                    return ([], new(OperationErrorCode.DepartmentInUse,
                        $"Department '{deleted}' was not deleted: department '{current.Id}' may forward only to it, and an empty list of forward targets means any department. Change its forward targets first."));
                }

                try
                {
                    var updated = await departments.SaveAsync(current with
                    {
                        FallbackDepartmentId = current.FallbackDepartmentId == deleted ? null : current.FallbackDepartmentId,
                        ForwardTargets = current.ForwardTargets.Remove(deleted),
                    }, cancellationToken).ConfigureAwait(false);
                    changed.Add(updated.Id);
                    if (events.HasPublishers)
                    {
                        await events.PublishAsync(new DepartmentChanged(clock.GetCurrentInstant(), updated, current), cancellationToken).ConfigureAwait(false);
                    }

                    break;
                }
                catch (ConcurrencyConflictException) when (attempt < _options.MaxWriteAttempts)
                {
                    // Changed meanwhile: read it again.
                }
            }
        }

        return (changed, null);
    }

    /// <summary>Removes <paramref name="deleted"/> from the departments of each of its agents.</summary>
    private async ValueTask<IReadOnlyList<AgentId>> RemoveMembershipsAsync(DepartmentId deleted, CancellationToken cancellationToken)
    {
        var removed = new List<AgentId>();
        foreach (var member in await agents.ListByDepartmentAsync(deleted, cancellationToken).ConfigureAwait(false))
        {
            for (var attempt = 1; ; attempt++)
            {
                var current = attempt == 1 ? member : await agents.GetAsync(member.Id, cancellationToken).ConfigureAwait(false);
                if (current is null || !current.Departments.Contains(deleted))
                {
                    break;
                }

                try
                {
                    var updated = await agents.SaveAsync(current with { Departments = current.Departments.Remove(deleted) }, cancellationToken).ConfigureAwait(false);
                    removed.Add(updated.Id);
                    if (events.HasPublishers)
                    {
                        await events.PublishAsync(new AgentUpdated(clock.GetCurrentInstant(), updated, current), cancellationToken).ConfigureAwait(false);
                    }

                    break;
                }
                catch (ConcurrencyConflictException) when (attempt < _options.MaxWriteAttempts)
                {
                    // Changed meanwhile (a status change, say): read it again.
                }
            }
        }

        return removed;
    }
}
