using Microsoft.Extensions.Logging;
using NodaTime;
using Omnichannel.Conversations;
using Omnichannel.Lifecycle;
using Omnichannel.Operations;
using Omnichannel.Routing.Algorithms;

namespace Omnichannel.Routing.Dispatch;

/// <summary>
/// Drains one department's queue: chooses the first entry some eligible agent can serve and that agent (under the view's
/// lock, reserving the slot), then assigns through <see cref="IConversationService.AssignAsync"/>, whose store write checks
/// capacity atomically, or offers it in offer mode. On any refusal it re-reads the conversation and the agent. Stale
/// entries are skipped and corrected views retried without counting as failures; only store faults and refusals that
/// re-reading cannot explain count toward giving up on the department until the next wake-up or reconciliation.
/// </summary>
/// <remarks>Thread-safe: decisions under the view's lock; runs in the dispatcher's pass (accepting an offer uses <see cref="SettleAsync"/> too).</remarks>
internal sealed partial class QueueDrain(
    StoreView view,
    IConversationService conversations,
    ViewUpdater updater,
    Reconciler reconciler,
    OfferBook offers,
    OwnWriteEvents ownWrites,
    IClock clock,
    RoutingOptions options,
    ILogger logger,
    Diagnostics.RoutingMetrics metrics)
{
    /// <summary>How many failures in a row stop a drain (so a failing store cannot spin the dispatcher); it resumes on the next wake-up or reconciliation.</summary>
    internal const int MaxConsecutiveFailures = 3;

    public async ValueTask DrainAsync(DepartmentRouting routing, CancellationToken cancellationToken)
    {
        // Outside the department's business hours routing assigns nothing, unless the department says so; reconciliation
        // drains it again once it opens.
        if (routing.Department.BusinessHours is { RouteOutsideHours: false } hours && !hours.IsOpenAt(clock.GetCurrentInstant()))
        {
            return;
        }

        var failures = 0;
        // Every attempt either assigns, drops a stale entry or corrects the view, so this bound is only a guard against a store that contradicts itself.
        var attempts = 0;
        int budget;
        lock (view.Sync)
        {
            budget = (4 * (routing.Queue.Count + routing.Pool.Count)) + 16;
        }

        while (failures < MaxConsecutiveFailures && attempts++ < budget)
        {
            cancellationToken.ThrowIfCancellationRequested();
            QueueEntry? entry;
            RoutedAgent? agent;
            var now = clock.GetCurrentInstant();
            lock (view.Sync)
            {
                (entry, agent) = routing.AsyncAlgorithm is null ? Choose(routing, now) : (Peek(routing), null);
            }

            if (entry is null)
            {
                return;
            }

            if (agent is null)
            {
                // An algorithm with I/O: asked outside the lock, its answer checked against the view afterwards.
                agent = await ChooseWithIoAsync(routing, entry, now, cancellationToken).ConfigureAwait(false);
                if (agent is null)
                {
                    return;
                }
            }

            if (options.OfferMode)
            {
                await offers.OfferAsync(entry, agent, cancellationToken).ConfigureAwait(false);
                continue;
            }

            switch (await TracedAssignAsync(routing, entry, agent, cancellationToken).ConfigureAwait(false))
            {
                case AssignmentOutcome.Assigned:
                    failures = 0;
                    break;
                case AssignmentOutcome.Failed:
                    failures++;
                    break;
            }
        }

        LogGaveUp(logger, routing.Id, failures, attempts);
    }

    /// <summary>Assigns a reserved entry; the reservation is released whatever happens, and the entry settled by the outcome.</summary>
    private async ValueTask<AssignmentOutcome> AssignAsync(QueueEntry entry, RoutedAgent agent, CancellationToken cancellationToken)
    {
        long? applied = null;
        ownWrites.Begin(entry.Id);
        try
        {
            OperationResult<Conversation> result;
            try
            {
                result = await conversations.AssignAsync(entry.Id, agent.Id, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                LogStoreFault(logger, exception, entry.Id, agent.Id);
                lock (view.Sync)
                {
                    view.Agents.Release(agent, entry);
                    view.Queues.Requeue(entry);
                }

                return AssignmentOutcome.Failed;
            }
            catch
            {
                lock (view.Sync)
                {
                    view.Agents.Release(agent, entry);
                    view.Queues.Requeue(entry);
                }

                throw;
            }

            if (result.Succeeded)
            {
                // The reservation ends in the same index update that counts the conversation on the agent, and the entry is
                // put back under the same lock if it is still current (see ViewUpdater.ApplyAsync).
                await updater.ApplyAsync(result.Value, ConversationTrigger.Take, clock.GetCurrentInstant(), (agent, entry), cancellationToken).ConfigureAwait(false);
                applied = result.Value.Version;
                return AssignmentOutcome.Assigned;
            }

            lock (view.Sync)
            {
                view.Agents.Release(agent, entry);
            }

            return await SettleAsync(entry, agent.Id, result, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // The events of this write that the applied result makes no-ops are dropped; any other goes to the dispatcher.
            ownWrites.End(applied);
        }
    }

    /// <summary>
    /// After the store answered an assignment (the reservation released): applies a success; after a refusal re-reads the
    /// conversation and the agent, then drops the entry if it was stale or puts it back in its place.
    /// </summary>
    public async ValueTask<AssignmentOutcome> SettleAsync(QueueEntry entry, AgentId agent, OperationResult<Conversation> result, CancellationToken cancellationToken)
    {
        if (result.Succeeded)
        {
            await updater.ApplyAsync(result.Value, ConversationTrigger.Take, clock.GetCurrentInstant(), cancellationToken).ConfigureAwait(false);
            lock (view.Sync)
            {
                // Normally the applied take removed the entry; if a newer change of the conversation was applied first, the
                // entry follows the store on the next read.
                view.Queues.Requeue(entry);
            }

            return AssignmentOutcome.Assigned;
        }

        LogAssignRefused(logger, entry.Id, agent, result.Error.Message);
        bool corrected;
        try
        {
            await reconciler.RefreshConversationAsync(entry.Id, cancellationToken).ConfigureAwait(false);
            corrected = await reconciler.RefreshAgentAsync(agent, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogStoreFault(logger, exception, entry.Id, agent);
            lock (view.Sync)
            {
                view.Queues.Requeue(entry);
            }

            return AssignmentOutcome.Failed;
        }

        lock (view.Sync)
        {
            if (!entry.IsCurrent)
            {
                return AssignmentOutcome.Stale;
            }

            view.Queues.Requeue(entry);
        }

        return corrected ? AssignmentOutcome.Corrected : AssignmentOutcome.Failed;
    }

    /// <summary>
    /// The first queue entry some eligible agent can serve, and that agent, reserved. Stops at the first entry nobody can
    /// serve unless that entry has requirements of its own (skills, agents passed over), so later entries are never served
    /// while an earlier one could be.
    /// </summary>
    private (QueueEntry? Entry, RoutedAgent? Agent) Choose(DepartmentRouting routing, Instant now)
    {
        if (routing.Queue.Count == 0 || routing.Pool.Count == 0 || routing.Algorithm is not { } algorithm)
        {
            return (null, null);
        }

        using var decision = metrics.TimeDecision(routing);
        // The first entry decides almost every time: read it as the minimum (the head of the sorted run, O(1)).
        var first = routing.Queue.Min!;
        switch (TryEntry(routing, algorithm, first, now, out var chosen))
        {
            case EntryStep.Chosen:
                return (first, chosen);
            case EntryStep.Stop:
                return (null, null);
        }

        foreach (var entry in routing.Queue)
        {
            if (ReferenceEquals(entry, first))
            {
                continue;
            }

            if (routing.Pool.Count == 0)
            {
                break;
            }

            switch (TryEntry(routing, algorithm, entry, now, out chosen))
            {
                case EntryStep.Chosen:
                    return (entry, chosen);
                case EntryStep.Stop:
                    return (null, null);
            }
        }

        return (null, null);
    }

    /// <summary>
    /// Tries one entry: <see cref="EntryStep.Chosen"/> with the agent reserved; <see cref="EntryStep.Stop"/> when nobody can
    /// serve it and it has no requirements of its own (later entries must wait); else <see cref="EntryStep.Next"/>.
    /// </summary>
    private EntryStep TryEntry(DepartmentRouting routing, IRoutingAlgorithm algorithm, QueueEntry entry, Instant now, out RoutedAgent chosen)
    {
        var excluded = view.Queues.ActiveExclusions(entry, now, view.Agents);
        if (TryChoose(routing, algorithm, entry, excluded, out chosen, out var channelFull))
        {
            view.Queues.TakeOut(entry);
            view.Agents.Reserve(chosen, entry);
            return EntryStep.Chosen;
        }

        return excluded is not { Count: > 0 } && entry.Request.RequiredSkills.IsDefaultOrEmpty && !channelFull ? EntryStep.Stop : EntryStep.Next;
    }

    /// <summary>
    /// Chooses among the eligible agents other than the one who let the conversation go; when none of them can take it,
    /// that agent may have it back.
    /// </summary>
    private bool TryChoose(DepartmentRouting routing, IRoutingAlgorithm algorithm, QueueEntry entry, HashSet<AgentId>? excluded, out RoutedAgent agent, out bool channelFull)
    {
        if (TryChooseBot(routing, entry, excluded) is { } bot)
        {
            agent = bot;
            channelFull = false;
            return true;
        }

        if (entry.Avoid is { } avoid && routing.Pool.TryGet(avoid, out _) && excluded?.Contains(avoid) != true)
        {
            if (TryChooseAmong(routing, algorithm, entry, new HashSet<AgentId>(excluded ?? []) { avoid }, out agent, out channelFull))
            {
                return true;
            }
        }

        return TryChooseAmong(routing, algorithm, entry, excluded, out agent, out channelFull);
    }

    /// <summary>
    /// Asks the algorithm for an agent; one whose capacity for the entry's channel is used up is left out and the algorithm
    /// asked again (<paramref name="channelFull"/> then tells that later entries of other channels may fit).
    /// </summary>
    private bool TryChooseAmong(DepartmentRouting routing, IRoutingAlgorithm algorithm, QueueEntry entry, HashSet<AgentId>? excluded, out RoutedAgent agent, out bool channelFull)
    {
        channelFull = false;
        HashSet<AgentId>? full = null;
        while (true)
        {
            var eligible = routing.Eligible.For(full ?? excluded);
            if (algorithm.SelectAgent(entry.Request, eligible) is not { } id || !eligible.TryGet(id, out var candidate))
            {
                agent = null!;
                return false;
            }

            if (view.Agents.HasRoom(candidate, routing, entry.Channel))
            {
                agent = candidate;
                return true;
            }

            channelFull = true;
            (full ??= new HashSet<AgentId>(excluded ?? [])).Add(id);
        }
    }

    /// <summary>
    /// With <see cref="Omnichannel.DependencyInjection.OmnichannelOptions.AssignNewConversationsToBotsFirst"/>, a new conversation goes to an
    /// eligible bot before any person: the bot serving the fewest conversations, then the smallest id. Null otherwise.
    /// </summary>
    private RoutedAgent? TryChooseBot(DepartmentRouting routing, QueueEntry entry, HashSet<AgentId>? excluded)
    {
        if (!view.Agents.Rules.BotsFirst || !entry.IsNew)
        {
            return null;
        }

        RoutedAgent? best = null;
        foreach (var candidate in routing.Pool.Members)
        {
            if (candidate.Agent.IsBot && excluded?.Contains(candidate.Id) != true && view.Agents.HasRoom(candidate, routing, entry.Channel)
                && (best is null || candidate.OpenConversations < best.OpenConversations
                    || (candidate.OpenConversations == best.OpenConversations && string.CompareOrdinal(candidate.Id.Value, best.Id.Value) < 0)))
            {
                best = candidate;
            }
        }

        return best;
    }

    private static QueueEntry? Peek(DepartmentRouting routing) =>
        routing.Queue.Count == 0 || routing.Pool.Count == 0 ? null : routing.Queue.Min;

    private async ValueTask<RoutedAgent?> ChooseWithIoAsync(DepartmentRouting routing, QueueEntry entry, Instant now, CancellationToken cancellationToken)
    {
        using var decision = metrics.TimeDecision(routing);
        List<AgentId> candidates;
        lock (view.Sync)
        {
            if (TryChooseBot(routing, entry, view.Queues.ActiveExclusions(entry, now, view.Agents)) is { } bot)
            {
                view.Queues.TakeOut(entry);
                view.Agents.Reserve(bot, entry);
                return bot;
            }

            var eligible = routing.Eligible.For(view.Queues.ActiveExclusions(entry, now, view.Agents));
            candidates = [.. routing.Pool.Members.Where(a => eligible.Contains(a.Id) && view.Agents.HasRoom(a, routing, entry.Channel)).Select(a => a.Id).OrderBy(a => a.Value, StringComparer.Ordinal)];
        }

        var answer = await routing.AsyncAlgorithm!.SelectAgentAsync(entry.Request, candidates, cancellationToken).ConfigureAwait(false);
        lock (view.Sync)
        {
            if (!entry.IsCurrent || !entry.Waiting)
            {
                return null;
            }

            var excluded = view.Queues.ActiveExclusions(entry, now, view.Agents);
            var eligible = routing.Eligible.For(excluded);
            RoutedAgent? agent = null;
            if (answer is { } chosen && eligible.TryGet(chosen, out var answered) && view.Agents.HasRoom(answered, routing, entry.Channel))
            {
                agent = answered;
            }
            else if (routing.Algorithm is { } fallback && TryChoose(routing, fallback, entry, excluded, out var fallbackChoice, out _))
            {
                agent = fallbackChoice;
            }

            if (agent is not null)
            {
                view.Queues.TakeOut(entry);
                view.Agents.Reserve(agent, entry);
            }

            return agent;
        }
    }

    private enum EntryStep
    {
        Chosen,
        Stop,
        Next,
    }

    [LoggerMessage(1202, LogLevel.Debug, "Assigning conversation {ConversationId} to agent {AgentId} was refused: {Reason}")]
    private static partial void LogAssignRefused(ILogger logger, ConversationId conversationId, AgentId agentId, string reason);

    [LoggerMessage(1203, LogLevel.Warning, "Dispatch of department {DepartmentId} paused after {Failures} failures in a row ({Attempts} attempts); it resumes on the next wake-up or reconciliation.")]
    private static partial void LogGaveUp(ILogger logger, DepartmentId departmentId, int failures, int attempts);

    [LoggerMessage(1205, LogLevel.Warning, "Assigning conversation {ConversationId} to agent {AgentId} failed in the store; it stays queued and is retried.")]
    private static partial void LogStoreFault(ILogger logger, Exception exception, ConversationId conversationId, AgentId agentId);
}
