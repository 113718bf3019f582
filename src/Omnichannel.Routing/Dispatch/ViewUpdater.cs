using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using NodaTime;
using Omnichannel.Agents;
using Omnichannel.Contacts;
using Omnichannel.Conversations;
using Omnichannel.Departments;
using Omnichannel.Lifecycle;
using Omnichannel.Routing.Algorithms;

namespace Omnichannel.Routing.Dispatch;

/// <summary>
/// The one way stored data enters the view, whether an event carried it or a read of the stores returned it: applies a
/// version newer than the view's (older ones change nothing), then asks for the follow-up work the change calls for:
/// drain the departments where work or capacity appeared, re-route what an Offline agent holds, check a take is answered.
/// </summary>
/// <remarks>Thread-safe: the view is changed under its lock; reads of the stores happen outside it.</remarks>
internal sealed partial class ViewUpdater(
    StoreView view,
    IContactStore contacts,
    IConversationStore conversations,
    IDepartmentStore departments,
    DispatchWork work,
    Timeouts timeouts,
    RoutingOptions options,
    ILogger logger)
{
    /// <summary>Applies a stored conversation; true when it changed the view.</summary>
    /// <param name="conversation">The conversation as stored.</param>
    /// <param name="trigger">The transition that produced it, when known (an event, the router's own write); null for a read.</param>
    /// <param name="at">When that transition happened.</param>
    /// <param name="cancellationToken">The dispatcher's cancellation.</param>
    public ValueTask<bool> ApplyAsync(Conversation conversation, ConversationTrigger? trigger, Instant at, CancellationToken cancellationToken) =>
        ApplyAsync(conversation, trigger, at, reservation: null, cancellationToken);

    /// <summary>
    /// Applies the conversation a write of the router stored, and releases the reservation that write resolves: in the same
    /// index update as the agent's new load when the agent serves it (a take), else first. Then puts the reserved entry back
    /// in its place if it is still the conversation's current queuing and waits nowhere (normally the applied take removed
    /// it; if a newer change of the conversation was applied first, the entry follows the store on the next read).
    /// </summary>
    /// <param name="conversation">The conversation as stored.</param>
    /// <param name="trigger">The transition that produced it, when known (an event, the router's own write); null for a read.</param>
    /// <param name="at">When that transition happened.</param>
    /// <param name="reservation">The agent and entry reserved for the write; null when none.</param>
    /// <param name="cancellationToken">The dispatcher's cancellation.</param>
    public ValueTask<bool> ApplyAsync(Conversation conversation, ConversationTrigger? trigger, Instant at, (RoutedAgent Agent, QueueEntry Entry)? reservation, CancellationToken cancellationToken)
    {
        if (conversation.State == ConversationState.Queued)
        {
            return reservation is { } own ? ApplyQueuedThenRequeueAsync(conversation, trigger, at, own, cancellationToken) : ApplyQueuedAsync(conversation, trigger, at, null, cancellationToken);
        }

        // No reads: no state machine (every take goes this way). A failure is reported in the task, as from the async way.
        try
        {
            return ValueTask.FromResult(ApplyComputed(conversation, trigger, at, QueuedRequest.None, reservation, requeue: reservation?.Entry));
        }
        catch (Exception exception)
        {
            return ValueTask.FromException<bool>(exception);
        }
    }

    private async ValueTask<bool> ApplyQueuedThenRequeueAsync(Conversation conversation, ConversationTrigger? trigger, Instant at, (RoutedAgent Agent, QueueEntry Entry) reservation, CancellationToken cancellationToken)
    {
        var changed = await ApplyQueuedAsync(conversation, trigger, at, reservation, cancellationToken).ConfigureAwait(false);
        lock (view.Sync)
        {
            view.Queues.Requeue(reservation.Entry);
        }

        return changed;
    }

    /// <summary>A queued conversation: what routing needs of it may take reads (its department, preferred agents) before it is applied.</summary>
    private async ValueTask<bool> ApplyQueuedAsync(Conversation conversation, ConversationTrigger? trigger, Instant at, (RoutedAgent Agent, QueueEntry Entry)? reservation, CancellationToken cancellationToken)
    {
        if (reservation is { } first)
        {
            // Reads may follow: the reservation is not held across them.
            lock (view.Sync)
            {
                view.Agents.Release(first.Agent, first.Entry);
            }

            reservation = null;
        }

        bool known, wantsPreferred;
        ImmutableArray<AgentId> preferred = [];
        lock (view.Sync)
        {
            if (!view.Versions.IsNewer(conversation))
            {
                return false;
            }

            known = view.Departments.ContainsKey(conversation.DepartmentId);
            wantsPreferred = view.WantsPreferredAgents(conversation.DepartmentId);
            if (view.Queues.TryGet(conversation.Id, out var entry) && entry.DepartmentId == conversation.DepartmentId && entry.QueuedAt == conversation.QueuedAt)
            {
                preferred = entry.Request.PreferredAgents; // the same queuing: computed already
                wantsPreferred = false;
            }
        }

        if (!known && await departments.GetAsync(conversation.DepartmentId, cancellationToken).ConfigureAwait(false) is { } department)
        {
            Apply(department);
            lock (view.Sync)
            {
                wantsPreferred = view.WantsPreferredAgents(conversation.DepartmentId);
            }
        }

        if (wantsPreferred)
        {
            preferred = await PreferredAgentsAsync(conversation, cancellationToken).ConfigureAwait(false);
        }

        var request = new QueuedRequest(preferred, RequiredSkillsOf(conversation), ServiceLevelDueAtOf(conversation));
        return ApplyComputed(conversation, trigger, at, request, reservation);
    }

    /// <summary>
    /// Applies the conversation with what routing needs of it computed (and puts <c>requeue</c>, when given, back in its place
    /// under the same lock if it is still current and waits nowhere), then asks for the follow-up work; true when the view changed.
    /// </summary>
    private bool ApplyComputed(Conversation conversation, ConversationTrigger? trigger, Instant at, QueuedRequest request, (RoutedAgent Agent, QueueEntry Entry)? reservation, QueueEntry? requeue = null)
    {
        ConversationChange? change;
        lock (view.Sync)
        {
            change = view.ApplyConversation(conversation, trigger, at, request, reservation);
            if (requeue is not null)
            {
                view.Queues.Requeue(requeue);
            }
        }

        if (change is not { } applied)
        {
            return false;
        }

        if (applied.Freed is { } freed)
        {
            work.Drain(freed);
        }

        if (applied.Queued is { } queued)
        {
            work.Drain(queued);
        }

        if (applied.Stranded && conversation.ServingAgentId is { } holder)
        {
            PostReturnStranded(conversation.Id, holder);
        }

        if (trigger is not null && conversation is { State: ConversationState.Taken, ServingAgentId: { } serving })
        {
            timeouts.OnTaken(conversation.Id, serving, at);
        }

        return true;
    }

    /// <summary>
    /// Applies conversations a read of the stores returned (no trigger), as <see cref="ApplyAsync(Conversation, ConversationTrigger?, Instant, CancellationToken)"/>
    /// does one by one, but under one lock and with one wake-up per department: a read at start returns every queued
    /// conversation. Those that need reads of their own first (queued in a department the view does not know yet, or
    /// one that prefers agents who know the contact) go the one-by-one way. The read may hold versions the view applied
    /// already: they change nothing (the host's callbacks are not asked about them). Returns how many changed the view.
    /// </summary>
    /// <param name="read">The conversations as stored.</param>
    /// <param name="at">When they were read.</param>
    /// <param name="cancellationToken">The dispatcher's cancellation.</param>
    public async ValueTask<int> ApplyReadAsync(IReadOnlyList<Conversation> read, Instant at, CancellationToken cancellationToken)
    {
        if (read.Count == 0)
        {
            return 0;
        }

        // What a queued one needs is computed before the lock when the host computes part of it (its callbacks never run
        // under the lock); without callbacks it is the stored record's alone, and everything happens under one lock.
        QueuedRequest?[]? requests = null; // null entry: applied one by one
        List<Conversation>? oneByOne = null;
        if (options.RequiredSkills is not null || options.ServiceLevelDueAt is not null)
        {
            // The callbacks run only for versions the view has not applied (a throwing one is logged once per version).
            requests = new QueuedRequest?[read.Count];
            var newer = new bool[read.Count];
            lock (view.Sync)
            {
                for (var i = 0; i < read.Count; i++)
                {
                    newer[i] = view.Versions.IsNewer(read[i]);
                    requests[i] = NeedsReadsOfItsOwn(read[i]) ? null : QueuedRequest.None;
                }
            }

            for (var i = 0; i < read.Count; i++)
            {
                if (newer[i] && requests[i] is not null && read[i].State == ConversationState.Queued)
                {
                    requests[i] = new QueuedRequest([], RequiredSkillsOf(read[i]), ServiceLevelDueAtOf(read[i]));
                }
            }
        }

        var changed = 0;
        HashSet<DepartmentId>? toDrain = null;
        List<Conversation>? stranded = null;
        lock (view.Sync)
        {
            for (var i = 0; i < read.Count; i++)
            {
                var conversation = read[i];
                QueuedRequest request;
                if (requests is not null)
                {
                    if (requests[i] is not { } computed)
                    {
                        (oneByOne ??= []).Add(conversation);
                        continue;
                    }

                    request = computed;
                }
                else if (NeedsReadsOfItsOwn(conversation))
                {
                    (oneByOne ??= []).Add(conversation);
                    continue;
                }
                else
                {
                    request = conversation.State == ConversationState.Queued ? new QueuedRequest([], [], conversation.ServiceLevelDueAt) : QueuedRequest.None;
                }

                if (view.ApplyConversation(conversation, trigger: null, at, request) is not { } applied)
                {
                    continue; // not newer than what the view holds
                }

                changed++;
                if (applied.Freed is { } freed)
                {
                    (toDrain ??= []).UnionWith(freed);
                }

                if (applied.Queued is { } queued)
                {
                    (toDrain ??= []).Add(queued);
                }

                if (applied.Stranded && conversation.ServingAgentId is not null)
                {
                    (stranded ??= []).Add(conversation);
                }
            }
        }

        if (toDrain is not null)
        {
            work.Drain(toDrain);
        }

        foreach (var conversation in stranded ?? (IEnumerable<Conversation>)[])
        {
            PostReturnStranded(conversation.Id, conversation.ServingAgentId!.Value);
        }

        foreach (var conversation in oneByOne ?? (IEnumerable<Conversation>)[])
        {
            changed += await ApplyAsync(conversation, trigger: null, at, cancellationToken).ConfigureAwait(false) ? 1 : 0;
        }

        return changed;
    }

    /// <summary>A queued conversation whose request needs reads first: its department is unknown to the view, or prefers agents who know the contact.</summary>
    private bool NeedsReadsOfItsOwn(Conversation conversation) =>
        conversation.State == ConversationState.Queued
        && (!view.Departments.ContainsKey(conversation.DepartmentId) || view.WantsPreferredAgents(conversation.DepartmentId));

    /// <summary>
    /// The host's <see cref="RoutingOptions.RequiredSkills"/> for the conversation. A callback that throws must not keep the
    /// conversation out of the queue (it would wait forever, as the callback fails again at every read): the conversation is
    /// routed as needing no skills for this queuing, and the failure is logged with its id.
    /// </summary>
    private ImmutableArray<SkillRequirement> RequiredSkillsOf(Conversation conversation)
    {
        if (options.RequiredSkills is not { } requiredSkills)
        {
            return [];
        }

        try
        {
            var required = requiredSkills(conversation);
            return required.IsDefault ? [] : required;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogRequiredSkillsFailed(logger, exception, conversation.Id);
            return [];
        }
    }

    /// <summary>The host's <see cref="RoutingOptions.ServiceLevelDueAt"/>; a callback that throws leaves the conversation's own due time (see <see cref="RequiredSkillsOf"/>).</summary>
    private Instant? ServiceLevelDueAtOf(Conversation conversation)
    {
        if (options.ServiceLevelDueAt is not { } dueAt)
        {
            return conversation.ServiceLevelDueAt;
        }

        try
        {
            return dueAt(conversation) ?? conversation.ServiceLevelDueAt;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogServiceLevelDueAtFailed(logger, exception, conversation.Id);
            return conversation.ServiceLevelDueAt;
        }
    }

    [LoggerMessage(1751, LogLevel.Error, "RoutingOptions.RequiredSkills threw for conversation {ConversationId}; it is routed as needing no skills for this queuing.")]
    private static partial void LogRequiredSkillsFailed(ILogger logger, Exception exception, ConversationId conversationId);

    [LoggerMessage(1752, LogLevel.Error, "RoutingOptions.ServiceLevelDueAt threw for conversation {ConversationId}; it is queued by its own service-level due time.")]
    private static partial void LogServiceLevelDueAtFailed(ILogger logger, Exception exception, ConversationId conversationId);

    // In its own method so that the closure is built only when needed, not on every applied conversation.
    private void PostReturnStranded(ConversationId conversation, AgentId holder) =>
        work.Post(ct => timeouts.ReturnStrandedAsync(conversation, holder, ct));

    /// <summary>Applies a stored agent; true when it changed the view.</summary>
    public bool Apply(Agent agent)
    {
        AgentChange? change;
        lock (view.Sync)
        {
            change = view.Agents.Apply(agent);
        }

        if (change is not { Changed: true } applied)
        {
            return false;
        }

        if (applied.WentOffline && options.RerouteWhenAgentGoesOffline)
        {
            work.Post(ct => timeouts.RerouteConversationsOfAsync(agent.Id, ct));
        }

        work.Drain(applied.Departments);
        return true;
    }

    /// <summary>Applies a stored department; true when it changed the view.</summary>
    public bool Apply(Department department)
    {
        bool changed;
        lock (view.Sync)
        {
            changed = view.ApplyDepartment(department);
        }

        if (changed)
        {
            work.Drain(department.Id);
        }

        return changed;
    }

    /// <summary>The contact's manager, then the agent who last served the contact.</summary>
    private async ValueTask<ImmutableArray<AgentId>> PreferredAgentsAsync(Conversation conversation, CancellationToken cancellationToken)
    {
        var preferred = new List<AgentId>(2);
        if ((await contacts.GetAsync(conversation.ContactId, cancellationToken).ConfigureAwait(false))?.ManagerId is { } manager)
        {
            preferred.Add(manager);
        }

        var lastServed = conversation.PreviousAgentId;
        if (lastServed is null)
        {
            var history = await conversations.QueryAsync(new ConversationQuery { ContactId = conversation.ContactId }, cancellationToken).ConfigureAwait(false);
            lastServed = history.LastOrDefault(c => c.Id != conversation.Id && (c.ServingAgentId ?? c.PreviousAgentId) is not null) is { } last
                ? last.ServingAgentId ?? last.PreviousAgentId
                : null;
        }

        if (lastServed is { } agent && !preferred.Contains(agent))
        {
            preferred.Add(agent);
        }

        return [.. preferred];
    }
}
