using NodaTime;
using Omnichannel.Agents;
using Omnichannel.Conversations;
using Omnichannel.Storage;

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
    IClock clock)
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
    /// Reads a department's agents and queue. With <paramref name="loads"/>, also the loads of its Available members the view
    /// does not count as eligible, when its queue holds work (the only agents whose stale load could leave work waiting;
    /// a stale load the other way is caught by the store refusing an assignment). <paramref name="refreshed"/> collects the
    /// agents whose loads were read, so an agent of several departments is read once.
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

        List<AgentId> toRefresh;
        lock (view.Sync)
        {
            var pool = view.Departments.TryGetValue(department, out var routing) ? routing.Pool : null;
            toRefresh = [.. members.Where(m => AgentDirectory.IsRoutable(m) && pool?.TryGet(m.Id, out _) != true && !refreshed.Contains(m.Id)).Select(m => m.Id)];
        }

        foreach (var agent in toRefresh)
        {
            refreshed.Add(agent);
            await RefreshLoadAsync(agent, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Reads the department's queued conversations: adds those the view misses, drops the ones no longer queued there. Returns how many the store queues.</summary>
    public async ValueTask<int> ReconcileQueueAsync(DepartmentId department, CancellationToken cancellationToken)
    {
        var queued = await conversations.QueryAsync(new ConversationQuery { DepartmentId = department, States = QueuedOnly }, cancellationToken).ConfigureAwait(false);
        var now = clock.GetCurrentInstant();
        var seen = new HashSet<ConversationId>(queued.Count);
        foreach (var conversation in queued)
        {
            seen.Add(conversation.Id);
            await updater.ApplyAsync(conversation, trigger: null, now, cancellationToken).ConfigureAwait(false);
        }

        // An entry the read did not return left the queue, unless it was queued after the read began: read each to know.
        List<ConversationId> missing;
        lock (view.Sync)
        {
            missing = view.Departments.TryGetValue(department, out var routing)
                ? [.. routing.Entries.Where(e => !seen.Contains(e.Id)).Select(e => e.Id)]
                : [];
        }

        foreach (var id in missing)
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
        var changed = false;
        var seen = new HashSet<ConversationId>(served.Count);
        foreach (var conversation in served)
        {
            seen.Add(conversation.Id);
            changed |= await updater.ApplyAsync(conversation, trigger: null, now, cancellationToken).ConfigureAwait(false);
        }

        IReadOnlyCollection<ConversationId> counted;
        lock (view.Sync)
        {
            counted = view.Agents.ServedBy(agent);
        }

        foreach (var id in counted)
        {
            if (!seen.Contains(id) && await conversations.GetAsync(id, cancellationToken).ConfigureAwait(false) is { } stored)
            {
                changed |= await updater.ApplyAsync(stored, trigger: null, now, cancellationToken).ConfigureAwait(false);
            }
        }

        return changed;
    }

    /// <summary>Agents the view places in the department that its list no longer names (moved away by another process).</summary>
    private async ValueTask ReconcileMembersWhoLeftAsync(DepartmentId department, IReadOnlyList<Agent> members, CancellationToken cancellationToken)
    {
        List<AgentId> left;
        lock (view.Sync)
        {
            var listed = members.Select(m => m.Id).ToHashSet();
            left = view.Departments.TryGetValue(department, out var routing) ? [.. routing.Members.Where(id => !listed.Contains(id))] : [];
        }

        foreach (var id in left)
        {
            if (await agents.GetAsync(id, cancellationToken).ConfigureAwait(false) is { } agent)
            {
                updater.Apply(agent);
            }
        }
    }
}
