using Omnichannel.Access;
using Omnichannel.Agents;
using Omnichannel.Departments;
using Omnichannel.Lifecycle;
using Omnichannel.Logging;
using Omnichannel.Notifications;
using Omnichannel.Operations;
using Omnichannel.Validation;

namespace Omnichannel.Conversations;

/// <summary>
/// Forwarding, in two stored steps: the conversation becomes Forwarded (the forward is pending), then the
/// forward completes (the target agent gets it, or the target department's queue takes it) or fails back to
/// the forwarding agent with a reason. A process that stops in between leaves a Forwarded conversation that
/// <see cref="ResolvePendingForwardAsync"/> completes.
/// </summary>
internal sealed partial class ConversationService
{
    public async ValueTask<OperationResult<ForwardResult>> ForwardAsync(ConversationId conversation, AgentId agent, ForwardTarget target, string? comment = null, CancellationToken cancellationToken = default)
    {
        Require.Id(conversation);
        Require.Id(agent);
        Require.Id(target.AgentId);
        Require.Id(target.DepartmentId);
        if (target.AgentId is null && target.DepartmentId is null)
        {
            return OperationResult<ForwardResult>.Failure(OperationErrorCode.InvalidArgument, $"The forward of conversation '{conversation}' names no target agent or department.");
        }

        if (comment is not null && CheckText(comment, "forward comment", allowEmpty: true) is { } invalid)
        {
            return OperationResult<ForwardResult>.Failure(invalid);
        }

        var (actor, error) = await LoadActorForChangeAsync(agent, AgentPermissions.ForwardConversation, cancellationToken).ConfigureAwait(false);
        if (error is not null)
        {
            return OperationResult<ForwardResult>.Failure(error);
        }

        var pending = await ChangeAsync(conversation, Actor.Agent(agent), (Actor: actor!, Target: target, Comment: comment, CancellationToken: cancellationToken),
            static (service, s, current, now, fresh) => service.DecideForwardRequestAsync(current, s.Actor, s.Target, s.Comment, now, fresh, s.CancellationToken), cancellationToken).ConfigureAwait(false);

        return pending.Succeeded
            ? await ResolvePendingForwardAsync(conversation, cancellationToken).ConfigureAwait(false)
            : OperationResult<ForwardResult>.Failure(pending.Error);
    }

    /// <summary>
    /// The forward's first step (the pending forward), decided from the forwarding agent: the one this process remembers on
    /// the first attempt (the write carries its version), a fresh read on later ones.
    /// </summary>
    private async ValueTask<ConversationChange> DecideForwardRequestAsync(Conversation current, AgentAccess actor, ForwardTarget target, string? comment, NodaTime.Instant now, bool fresh, CancellationToken cancellationToken)
    {
        (var agent, var error) = await ActorForAttemptAsync(actor, AgentPermissions.ForwardConversation, fresh, cancellationToken).ConfigureAwait(false);
        if (error is not null)
        {
            return ConversationChange.Refuse(error);
        }

        actor = agent!;
        return (RequireServing(actor, current) is { } notServing ? ConversationChange.Refuse(notServing) : null)
            ?? Transition(current, ConversationTrigger.Forward, "forwarded", out var forwarded)
            ?? ConversationChange.Store(current with
            {
                State = forwarded,
                // A queued conversation (nobody serves it) is forwarded by a manager of its department (the access rule
                // above): the pending forward names them, and remembers that a failure leaves it in its queue.
                PendingForward = new PendingForward(target, current.ServingAgentId ?? actor.Agent.Id, TextRules.IsBlank(comment) ? null : comment, now)
                {
                    FromQueue = current.State == ConversationState.Queued,
                },
            }) with { Trigger = ConversationTrigger.Forward, DecidedFromAgent = (actor.Agent.Id, actor.Agent.Version) };
    }

    public async ValueTask<OperationResult<ForwardResult>> ResolvePendingForwardAsync(ConversationId conversation, CancellationToken cancellationToken = default)
    {
        Require.Id(conversation);
        var resolved = await ChangeAsync(conversation, Actor.System, async (current, now) =>
        {
            if (current is not { State: ConversationState.Forwarded, PendingForward: { } forward })
            {
                return ConversationChange.Refuse(OperationErrorCode.InvalidTransition,
                    $"Conversation '{current.Id}' has no pending forward; it is {current.State}.");
            }

            var (success, failure) = await DecideForwardAsync(current, forward, now, cancellationToken).ConfigureAwait(false);
            Func<Conversation, DomainEvent> completed = stored => new ForwardCompleted(now, Outcome(stored));

            // The fallback is stored when the target turns out to be at capacity; it must tell the forwarder too.
            var fallback = Fail(current, forward, ForwardFailureReason.TargetAtCapacity, now) with { Event = completed };
            var change = failure is { } reason ? Fail(current, forward, reason, now) : success! with { WhenAtCapacity = fallback };
            return change with { Event = completed };
        }, cancellationToken).ConfigureAwait(false);

        if (!resolved.Succeeded)
        {
            return OperationResult<ForwardResult>.Failure(resolved.Error);
        }

        var outcome = Outcome(resolved.Value);
        if (outcome.FailureReason is { } failed)
        {
            logger.ForwardFailed(conversation, outcome.Target, failed);
        }

        return OperationResult<ForwardResult>.Ok(outcome);
    }

    private static readonly ConversationState[] OpenStates =
        [ConversationState.Queued, ConversationState.Taken, ConversationState.OnHold, ConversationState.Forwarded];

    /// <summary>The successful change, or why the forward fails. Capacity is checked atomically when the change is stored.</summary>
    private async ValueTask<(ConversationChange? Success, ForwardFailureReason? Failure)> DecideForwardAsync(Conversation current, PendingForward forward, NodaTime.Instant now, CancellationToken cancellationToken)
    {
        var source = await departments.GetAsync(current.DepartmentId, cancellationToken).ConfigureAwait(false);
        var record = new TransferRecord(forward.FromAgentId, current.DepartmentId, forward.Target, forward.Comment, now, null);
        if (forward.Target is { AgentId: null, DepartmentId: { } departmentId })
        {
            if (departmentId == current.DepartmentId)
            {
                return (null, ForwardFailureReason.SameAsSource);
            }

            if (await departments.GetAsync(departmentId, cancellationToken).ConfigureAwait(false) is not { } targetDepartment)
            {
                return (null, ForwardFailureReason.Unknown);
            }

            if (!targetDepartment.Enabled)
            {
                return (null, ForwardFailureReason.DepartmentDisabled);
            }

            if (source is not null && !source.MayForwardTo(departmentId))
            {
                return (null, ForwardFailureReason.NotAllowed);
            }

            if (await FindOpenConversationAsync(current.ContactId, departmentId, cancellationToken).ConfigureAwait(false) is not null)
            {
                return (null, ForwardFailureReason.NotAllowed);
            }

            // The guide: a forward to a department nobody can serve right now fails, unless the department accepts it anyway
            // or (the anchor's fallback forward department) its fallback department can take it.
            var requested = targetDepartment;
            if (!await ServesForwardsAsync(targetDepartment, forward.FromAgentId, cancellationToken).ConfigureAwait(false))
            {
                if (await FallbackForForwardAsync(current, targetDepartment, forward.FromAgentId, cancellationToken).ConfigureAwait(false) is not { } fallback)
                {
                    return (null, ForwardFailureReason.NobodyAvailable);
                }

                targetDepartment = fallback;
                departmentId = fallback.Id;
                record = record with { Target = ForwardTarget.ToDepartment(departmentId) };
            }

            var notice = await ForwardNoticeAsync(current, forward, null, targetDepartment, now, cancellationToken, fallbackOf: ReferenceEquals(requested, targetDepartment) ? null : requested).ConfigureAwait(false);
            return (ConversationChange.Store(Append(current, notice) with
            {
                State = NextState(current, ConversationTrigger.CompleteForwardToDepartment),
                DepartmentId = departmentId,
                ServingAgentId = null,
                PreviousAgentId = forward.FromQueue ? current.PreviousAgentId : forward.FromAgentId,
                PendingForward = null,
                QueuedAt = now,
                Transfers = current.Transfers.Add(record),
            }) with { Trigger = ConversationTrigger.CompleteForwardToDepartment, Posted = notice }, null);
        }

        var targetId = forward.Target.AgentId!.Value;
        // A manager may hand a queued conversation to themselves (nobody serves it, so it is no forward to "the same"
        // agent); the target's own checks below (role, status, membership, capacity) still apply.
        if (targetId == forward.FromAgentId && !forward.FromQueue)
        {
            return (null, ForwardFailureReason.SameAsSource);
        }

        var target = await agents.GetAsync(targetId, cancellationToken).ConfigureAwait(false);
        if (target is null)
        {
            return (null, ForwardFailureReason.Unknown);
        }

        DepartmentId department;
        if (forward.Target.DepartmentId is { } named)
        {
            // The guide's form: a department and an agent of it. The agent must belong to the department named.
            if (named != current.DepartmentId)
            {
                var namedDepartment = await departments.GetAsync(named, cancellationToken).ConfigureAwait(false);
                if (namedDepartment is null)
                {
                    return (null, ForwardFailureReason.Unknown);
                }

                // A disabled department takes no conversations, whether forwarded to it or to one of its agents.
                if (!namedDepartment.Enabled)
                {
                    return (null, ForwardFailureReason.DepartmentDisabled);
                }
            }

            if (!target.Departments.Contains(named))
            {
                return (null, ForwardFailureReason.AgentNotInDepartment);
            }

            if (named != current.DepartmentId && source is not null && !source.MayForwardTo(named))
            {
                return (null, ForwardFailureReason.NotAllowed);
            }

            department = named;
        }
        else
        {
            // The target serves it in the conversation's department, or in one of theirs this department may forward to
            // that is enabled (a disabled department takes no conversations, also not through one of its agents).
            department = default;
            var onlyDisabled = false;
            if (target.Departments.Contains(current.DepartmentId))
            {
                department = current.DepartmentId;
            }
            else
            {
                foreach (var candidate in target.Departments.Where(d => source is null || source.MayForwardTo(d)).OrderBy(d => d.Value, StringComparer.Ordinal))
                {
                    var candidateDepartment = await departments.GetAsync(candidate, cancellationToken).ConfigureAwait(false);
                    if (candidateDepartment is { Enabled: true })
                    {
                        department = candidate;
                        break;
                    }

                    onlyDisabled |= candidateDepartment is not null;
                }
            }

            if (department == default && onlyDisabled)
            {
                return (null, ForwardFailureReason.DepartmentDisabled);
            }
        }

        if (!target.IsOmnichannelAgent || target.Deactivated || (access.PermissionsOf(target) & AgentPermissions.TakeConversation) == 0)
        {
            return (null, ForwardFailureReason.NotAllowed);
        }

        if (target.Status != AgentStatus.Available)
        {
            return (null, ForwardFailureReason.TargetOffline);
        }

        // One open conversation per contact and department: the target's department must not already have one.
        if (department == default
            || (department != current.DepartmentId && await FindOpenConversationAsync(current.ContactId, department, cancellationToken).ConfigureAwait(false) is not null))
        {
            return (null, ForwardFailureReason.NotAllowed);
        }

        var agentDepartment = await departments.GetAsync(department, cancellationToken).ConfigureAwait(false);
        var handedOver = await ForwardNoticeAsync(current, forward, target, agentDepartment, now, cancellationToken).ConfigureAwait(false);
        return (ConversationChange.Store(Append(current, handedOver) with
        {
            State = NextState(current, ConversationTrigger.CompleteForwardToAgent),
            DepartmentId = department,
            ServingAgentId = targetId,
            PreviousAgentId = forward.FromQueue ? current.PreviousAgentId : forward.FromAgentId,
            PendingForward = null,
            Transfers = current.Transfers.Add(record),
        }) with
        {
            Trigger = ConversationTrigger.CompleteForwardToAgent,
            Claim = ClaimFor(target, agentDepartment, department, current.Channel),
            Posted = handedOver,
        }, null);
    }

    /// <summary>Whether a forward to <paramref name="department"/> may be queued there: someone can serve it, or it accepts forwards anyway.</summary>
    private async ValueTask<bool> ServesForwardsAsync(Department department, AgentId forwarder, CancellationToken cancellationToken) =>
        department.AcceptForwardsWhenNobodyOnline || await AnyoneAvailableAsync(department.Id, forwarder, cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// The first department along <paramref name="target"/>'s chain of fallback departments that serves forwards
    /// (<see cref="ServesForwardsAsync"/>), or null. Unknown, disabled departments and those where the contact already has an
    /// open conversation are passed over; the chain never leads back to the conversation's own department or loops.
    /// </summary>
    private async ValueTask<Department?> FallbackForForwardAsync(Conversation current, Department target, AgentId forwarder, CancellationToken cancellationToken)
    {
        HashSet<DepartmentId> seen = [current.DepartmentId, target.Id];
        for (var next = target.FallbackDepartmentId; next is { } id && seen.Add(id);)
        {
            var fallback = await departments.GetAsync(id, cancellationToken).ConfigureAwait(false);
            if (fallback is null)
            {
                return null;
            }

            if (fallback.Enabled
                && await FindOpenConversationAsync(current.ContactId, id, cancellationToken).ConfigureAwait(false) is null
                && await ServesForwardsAsync(fallback, forwarder, cancellationToken).ConfigureAwait(false))
            {
                return fallback;
            }

            next = fallback.FallbackDepartmentId;
        }

        return null;
    }

    /// <summary>Whether an omnichannel agent of <paramref name="department"/> other than the forwarder is Available and may take conversations.</summary>
    private async ValueTask<bool> AnyoneAvailableAsync(DepartmentId department, AgentId forwarder, CancellationToken cancellationToken)
    {
        var members = await agents.ListByDepartmentAsync(department, cancellationToken).ConfigureAwait(false);
        return members.Any(a => a.Id != forwarder && a.Status == AgentStatus.Available && a.IsOmnichannelAgent && a.Has(AgentPermissions.TakeConversation));
    }

    /// <summary>
    /// The system message a completed forward leaves in the conversation, so the receiving agent (and the transcript, with
    /// system messages) sees who forwarded it to whom and why: "Alice Martin forwarded the conversation to Bob Durand
    /// (Billing). Comment: ...". Its author id is <see cref="SystemMessageSources.Forward"/>.
    /// </summary>
    private async ValueTask<Message> ForwardNoticeAsync(Conversation current, PendingForward forward, Agent? target, Department? department, NodaTime.Instant now, CancellationToken cancellationToken, Department? fallbackOf = null)
    {
        var from = await agents.GetAsync(forward.FromAgentId, cancellationToken).ConfigureAwait(false);
        var fromName = from?.Name ?? forward.FromAgentId.Value;
        var departmentName = department?.Name ?? forward.Target.DepartmentId?.Value ?? current.DepartmentId.Value;
        var to = target is null ? $"department {departmentName}" : $"{target.Name} ({departmentName})";
        if (fallbackOf is not null)
        {
            to += $" (the fallback of {fallbackOf.Name}, where nobody is available)";
        }

        var text = forward.Comment is { } comment ? $"{fromName} forwarded the conversation to {to}. Comment: {comment}" : $"{fromName} forwarded the conversation to {to}.";
        return NewMessage(current, AuthorKind.System, SystemMessageSources.Forward, text, now, null);
    }

    /// <summary>The contact's open conversation in <paramref name="department"/>, if any: a conversation may not move where one is.</summary>
    private async ValueTask<Conversation?> FindOpenConversationAsync(ContactId contact, DepartmentId department, CancellationToken cancellationToken)
    {
        var open = await conversations.QueryAsync(new Omnichannel.Conversations.ConversationQuery { ContactId = contact, DepartmentId = department, States = OpenStates }, cancellationToken).ConfigureAwait(false);
        return open.Count > 0 ? open[0] : null;
    }

    private static ConversationChange Fail(Conversation current, PendingForward forward, ForwardFailureReason reason, NodaTime.Instant now) =>
        forward.FromQueue
            // Nobody served it: it stays in its department's queue, at its place (QueuedAt unchanged).
            ? ConversationChange.Store(current with
            {
                State = NextState(current, ConversationTrigger.FailForwardToQueue),
                ServingAgentId = null,
                PendingForward = null,
                Transfers = current.Transfers.Add(new TransferRecord(forward.FromAgentId, current.DepartmentId, forward.Target, forward.Comment, now, reason)),
            }) with { Trigger = ConversationTrigger.FailForwardToQueue }
            : ConversationChange.Store(current with
        {
            State = NextState(current, ConversationTrigger.FailForward),
            ServingAgentId = forward.FromAgentId,
            PendingForward = null,
            Transfers = current.Transfers.Add(new TransferRecord(forward.FromAgentId, current.DepartmentId, forward.Target, forward.Comment, now, reason)),
        }) with { Trigger = ConversationTrigger.FailForward };

    /// <summary>The forward's outcome, read from the transfer record the resolution just added.</summary>
    private static ForwardResult Outcome(Conversation stored)
    {
        var forward = stored.Transfers[^1];
        var reason = forward.FailureReason;
        var backWith = stored.State == ConversationState.Queued
            ? $"It stays in the queue of department '{stored.DepartmentId}'."
            : $"It is back with agent '{forward.FromAgentId}'.";
        var message = reason switch
        {
            null => $"Conversation '{stored.Id}' was forwarded to {forward.Target}.",
            ForwardFailureReason.TargetOffline => $"Conversation '{stored.Id}' was not forwarded: {forward.Target} is not available. {backWith}",
            ForwardFailureReason.TargetAtCapacity => $"Conversation '{stored.Id}' was not forwarded: {forward.Target} serves as many conversations as allowed. {backWith}",
            ForwardFailureReason.NotAllowed => $"Conversation '{stored.Id}' was not forwarded: forwarding from department '{stored.DepartmentId}' to {forward.Target} is not allowed (forwarding rules, memberships or roles, or the contact already has an open conversation there). {backWith}",
            ForwardFailureReason.DepartmentDisabled when forward.Target is { AgentId: { } agentId, DepartmentId: null } =>
                $"Conversation '{stored.Id}' was not forwarded: agent '{agentId}' could only take it into a disabled department, which takes no conversations. {backWith}",
            ForwardFailureReason.DepartmentDisabled => $"Conversation '{stored.Id}' was not forwarded: {forward.Target} is disabled and takes no conversations. {backWith}",
            ForwardFailureReason.NobodyAvailable => $"Conversation '{stored.Id}' was not forwarded: no agent of {forward.Target} is online and available, and it does not accept forwards while nobody is. {backWith}",
            ForwardFailureReason.AgentNotInDepartment => $"Conversation '{stored.Id}' was not forwarded: agent '{forward.Target.AgentId}' does not belong to department '{forward.Target.DepartmentId}'. {backWith}",
            ForwardFailureReason.SameAsSource => $"Conversation '{stored.Id}' was not forwarded: {forward.Target} is where it already is. {backWith}",
            _ => $"Conversation '{stored.Id}' was not forwarded: {forward.Target} does not exist. {backWith}",
        };
        return new ForwardResult(stored, forward.Target, reason, message);
    }
}
