using NodaTime;
using Omnichannel.Agents;
using Omnichannel.Conversations;
using Omnichannel.Departments;

namespace Omnichannel.Routing.Dispatch;

/// <summary>
/// Re-reads the stores and corrects the view: at start, at every reconciliation (periodically, and when another process
/// wakes a department), and after every refused assignment. It reads only through existing, indexed queries (queued
/// conversations of a department, a department's agents, the open conversations of one agent, one conversation), so its
/// cost follows the queued conversations and the agents, never the closed conversations.
/// </summary>
/// <remarks>Thread-safe: the view is changed through the <see cref="ViewUpdater"/>; runs in the dispatcher's pass.</remarks>
internal sealed class Reconciler(
    StoreView view,
    ViewUpdater updater,
    IConversationStore conversations,
    IAgentStore agents,
    IDepartmentStore departments,
    IClock clock,
    bool countOnHold)
{
    private static readonly ConversationState[] QueuedOnly = [ConversationState.Queued];
    private static readonly ConversationState[] ServedStates = [ConversationState.Taken, ConversationState.Forwarded, ConversationState.OnHold];

    /// <summary>Reads every department (new ones join the view); returns their ids in order.</summary>
    public async ValueTask<List<DepartmentId>> ReadDepartmentsAsync(CancellationToken cancellationToken)
    {
        foreach (var department in await departments.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            updater.Apply(department);
        }

        lock (view.Sync)
        {
            return view.DepartmentIds();
        }
    }

    /// <summary>
    /// Reads a department's agents and queue. With <paramref name="loads"/>, also the loads of its Available members when its
    /// queue holds work (a load the view holds too low is caught by the store refusing an assignment; one it holds too high
    /// would keep an agent from work, so it is checked). <paramref name="refreshed"/> collects the agents whose loads were
    /// read, so an agent of several departments is read once.
    /// </summary>
    public async ValueTask ReconcileDepartmentAsync(DepartmentId department, bool loads, HashSet<AgentId> refreshed, CancellationToken cancellationToken)
    {
        var members = await agents.ListByDepartmentAsync(department, cancellationToken).ConfigureAwait(false);
        foreach (var member in members)
        {
            updater.Apply(member);
        }

        await ReconcileMembersWhoLeftAsync(department, members, cancellationToken).ConfigureAwait(false);
        var queued = await ReconcileQueueAsync(department, cancellationToken).ConfigureAwait(false);
        if (!loads || queued == 0)
        {
            return;
        }

        // The queue holds work: every Available member's load must be right, since a count the view holds too high keeps the
        // agent from work (out of the pool, or full after the next assignment). Two counts per agent when nothing is wrong;
        // channel limits need the agent's conversations.
        List<(AgentId Id, bool Channels)> toCheck;
        lock (view.Sync)
        {
            toCheck = [.. members
                .Where(m => view.Agents.IsRoutable(m) && !refreshed.Contains(m.Id))
                .Select(m => (m.Id, m.ChannelCapacity.Values.Any(limit => limit > 0)))];
        }

        foreach (var (agent, channels) in toCheck)
        {
            refreshed.Add(agent);
            if (channels || await CountsDifferAsync(agent, department, cancellationToken).ConfigureAwait(false))
            {
                await RefreshLoadAsync(agent, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Whether the store counts the agent's load differently from the view (overall, and in the department when it limits
    /// per agent): two counts, so a reconciliation that finds nothing wrong costs two cheap reads per agent.
    /// </summary>
    private async ValueTask<bool> CountsDifferAsync(AgentId agent, DepartmentId department, CancellationToken cancellationToken)
    {
        bool limitsDepartment;
        lock (view.Sync)
        {
            if (!view.Agents.TryGet(agent, out var routed) || routed.ReservedConversations > 0)
            {
                return true;
            }

            limitsDepartment = view.Departments.TryGetValue(department, out var routing) && routing.Department.MaxChatsPerAgent > 0;
        }

        var overall = await conversations.CountServedAsync(agent, null, countOnHold, cancellationToken).ConfigureAwait(false);
        var inDepartment = limitsDepartment ? await conversations.CountServedAsync(agent, department, countOnHold, cancellationToken).ConfigureAwait(false) : 0;
        lock (view.Sync)
        {
            if (!view.Agents.TryGet(agent, out var routed) || routed.ReservedConversations > 0)
            {
                return true;
            }

            var load = view.Agents.LoadOf(routed, department, channel: null);
            return load.Overall != overall || (limitsDepartment && load.InDepartment != inDepartment);
        }
    }

    /// <summary>Reads the department's queued conversations: adds those the view misses, drops the ones no longer queued there. Returns how many the store queues.</summary>
    public async ValueTask<int> ReconcileQueueAsync(DepartmentId department, CancellationToken cancellationToken)
    {
        var queued = await conversations.QueryAsync(new ConversationQuery { DepartmentId = department, States = QueuedOnly }, cancellationToken).ConfigureAwait(false);
        var now = clock.GetCurrentInstant();
        IReadOnlyList<Conversation>? newer = null;
        List<ConversationId>? missing = null;
        lock (view.Sync)
        {
            // Most reads find nothing new: sort that out under one lock, and apply only what changed. A department whose
            // queue the view holds empty (the start) has nothing to compare: the read goes to the view whole, which
            // applies only what is newer.
            var seen = 0;
            if (view.Departments.TryGetValue(department, out var current) && current.Entries.Count == 0)
            {
                newer = queued.Count > 0 ? queued : null;
            }
            else
            {
                List<Conversation>? changed = null;
                foreach (var conversation in queued)
                {
                    // The entry of this queuing carries the version it was seen at: one look-up tells an unchanged conversation.
                    var inThisQueue = view.Queues.TryGet(conversation.Id, out var entry) && entry.DepartmentId == department;
                    seen += inThisQueue ? 1 : 0;
                    if ((!inThisQueue || entry!.Version < conversation.Version) && view.Versions.IsNewer(conversation))
                    {
                        (changed ??= new List<Conversation>(queued.Count)).Add(conversation);
                    }
                }

                newer = changed;
            }

            if (newer is { Count: > 1 } && view.Departments.TryGetValue(department, out var known))
            {
                // A bulk read (the start, or a queue that grew while nobody watched): the collections grow once, not step by step.
                view.Versions.EnsureRoomFor(newer.Count);
                view.Queues.EnsureRoomFor(known, newer.Count);
            }

            // An entry the read did not return left the queue, unless it was queued after the read began: read each to know.
            if (view.Departments.TryGetValue(department, out var routing) && routing.Entries.Count > seen)
            {
                var returned = queued.Select(c => c.Id).ToHashSet();
                missing = [.. routing.Entries.Where(e => !returned.Contains(e.Id)).Select(e => e.Id)];
            }
        }

        if (newer is not null)
        {
            await updater.ApplyReadAsync(newer, now, cancellationToken).ConfigureAwait(false);
        }

        foreach (var id in missing ?? [])
        {
            await RefreshConversationAsync(id, cancellationToken).ConfigureAwait(false);
        }

        return queued.Count;
    }

    /// <summary>Reads one conversation and applies it; one the store no longer has leaves the queue.</summary>
    public async ValueTask RefreshConversationAsync(ConversationId id, CancellationToken cancellationToken)
    {
        var stored = await conversations.GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (stored is not null)
        {
            await updater.ApplyAsync(stored, trigger: null, clock.GetCurrentInstant(), cancellationToken).ConfigureAwait(false);
            return;
        }

        lock (view.Sync)
        {
            view.Queues.Remove(id);
        }
    }

    /// <summary>Reads an agent and their load after the store disagreed with the view; true when the view changed.</summary>
    public async ValueTask<bool> RefreshAgentAsync(AgentId id, CancellationToken cancellationToken)
    {
        var changed = false;
        if (await agents.GetAsync(id, cancellationToken).ConfigureAwait(false) is { } agent)
        {
            changed = updater.Apply(agent);
        }

        return await RefreshLoadAsync(id, cancellationToken).ConfigureAwait(false) || changed;
    }

    /// <summary>Reads the conversations an agent serves (and re-reads the ones the view counts that the read did not return); true when the view changed.</summary>
    public async ValueTask<bool> RefreshLoadAsync(AgentId agent, CancellationToken cancellationToken)
    {
        var served = await conversations.QueryAsync(new ConversationQuery { ServingAgentId = agent, States = ServedStates }, cancellationToken).ConfigureAwait(false);
        var now = clock.GetCurrentInstant();
        List<Conversation>? newer = null;
        List<ConversationId>? gone = null;
        lock (view.Sync)
        {
            // Most reads match the view: sort that out under one lock, and apply only what changed.
            var counted = view.Agents.ServedBy(agent);
            var matching = 0;
            foreach (var conversation in served)
            {
                if (view.Versions.IsNewer(conversation))
                {
                    (newer ??= []).Add(conversation);
                }

                matching += counted.Contains(conversation.Id) ? 1 : 0;
            }

            // Conversations the view counts that the read did not return ended or moved: read each to know.
            if (counted.Count > matching)
            {
                var returned = served.Select(c => c.Id).ToHashSet();
                gone = [.. counted.Where(id => !returned.Contains(id))];
            }
        }

        var changed = newer is not null && await updater.ApplyReadAsync(newer, now, cancellationToken).ConfigureAwait(false) > 0;

        foreach (var id in gone ?? [])
        {
            if (await conversations.GetAsync(id, cancellationToken).ConfigureAwait(false) is { } stored)
            {
                changed |= await updater.ApplyAsync(stored, trigger: null, now, cancellationToken).ConfigureAwait(false);
            }
        }

        return changed;
    }

    /// <summary>Agents the view places in the department that its list no longer names (moved away by another process).</summary>
    private async ValueTask ReconcileMembersWhoLeftAsync(DepartmentId department, IReadOnlyList<Agent> members, CancellationToken cancellationToken)
    {
        List<AgentId>? left = null;
        lock (view.Sync)
        {
            if (view.Departments.TryGetValue(department, out var routing) && routing.Members.Count > members.Count(m => routing.Members.Contains(m.Id)))
            {
                var listed = members.Select(m => m.Id).ToHashSet();
                left = [.. routing.Members.Where(id => !listed.Contains(id))];
            }
        }

        foreach (var id in left ?? [])
        {
            if (await agents.GetAsync(id, cancellationToken).ConfigureAwait(false) is { } agent)
            {
                updater.Apply(agent);
            }
        }
    }
}
