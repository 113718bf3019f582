using System.Collections.Immutable;
using NodaTime;
using Omnichannel.Conversations;
using Omnichannel.Routing.Algorithms;

namespace Omnichannel.Routing;

/// <summary>
/// Routing settings. Every timeout is off (null) unless set. Validated when routing starts: every duration accepted
/// works (waits longer than the platform's timer limit are chained), and one that cannot is refused with the reason.
/// </summary>
/// <remarks>Configure before start-up; not thread-safe to change afterwards.</remarks>
public sealed class RoutingOptions
{
    /// <summary>Offer mode: a conversation is offered to one agent who accepts or declines, instead of being assigned. Default: false.</summary>
    public bool OfferMode { get; set; }

    /// <summary>How long an offer waits for an answer before it counts as declined. Default: 30 seconds. Positive.</summary>
    public Duration OfferTimeout { get; set; } = Duration.FromSeconds(30);

    /// <summary>After this many declines the conversation goes back to the queue, keeping its place, and the decliners may be offered it again. Default: 3. At least 1.</summary>
    public int MaxDeclines { get; set; } = 3;

    /// <summary>Move a conversation queued this long to its department's fallback department. Default: off.</summary>
    public Duration? OverflowAfter { get; set; }

    /// <summary>
    /// Re-route a taken conversation whose agent has not written within this time; it goes back to that agent only when
    /// nobody else can take it within <see cref="RetryExcludedAgentAfter"/>. Default: off.
    /// </summary>
    public Duration? RerouteUnansweredAfter { get; set; }

    /// <summary>Return an agent's taken conversations to the queue when the agent goes Offline. Default: true.</summary>
    public bool RerouteWhenAgentGoesOffline { get; set; } = true;

    /// <summary>Close a conversation queued longer than this. Default: off.</summary>
    public Duration? CloseQueuedAfter { get; set; }

    /// <summary>Queue positions are published at most once per this interval per department, in one batch. Default: 5 seconds. Positive.</summary>
    public Duration QueuePositionInterval { get; set; } = Duration.FromSeconds(5);

    /// <summary>The handle time assumed for wait estimates before any conversation of the department closed. Default: 5 minutes. Positive.</summary>
    public Duration DefaultHandleTime { get; set; } = Duration.FromMinutes(5);

    /// <summary>
    /// How often, at the longest, the router re-reads the stores (queued conversations, agents and their loads) and
    /// corrects its view: the bound on how long a change it was not told about (another process, a lost event, a store
    /// fault) can leave a conversation queued while an eligible agent has room. Default: 5 seconds. 100 ms to 1 hour.
    /// </summary>
    public Duration ReconcileInterval { get; set; } = Duration.FromSeconds(5);

    /// <summary>
    /// How long an agent who declined a conversation, let its offer expire or left it unanswered is passed over for it. After
    /// that (or as soon as the agent goes Away or Offline and comes back) they may get it again when nobody else took it, so an
    /// exclusion delays a conversation but never strands it. Default: 1 minute. Positive.
    /// </summary>
    public Duration RetryExcludedAgentAfter { get; set; } = Duration.FromMinutes(1);

    /// <summary>
    /// How long a process's lease on a department lasts without renewal (routers renew theirs at every reconciliation);
    /// another process takes a department over when its holder stopped renewing. A coordinator whose leases end with their
    /// holder's session (PostgreSQL's advisory locks) uses it to bound how long a holder that vanished keeps them. Default: 30 seconds. At least twice
    /// <see cref="ReconcileInterval"/>.
    /// </summary>
    public Duration LeaseDuration { get; set; } = Duration.FromSeconds(30);

    /// <summary>The skills a conversation needs (for skills routing). Default: none.</summary>
    /// <remarks>
    /// Called by the router, on its own thread, each time it reads a new version of a queued conversation; keep it quick and
    /// free of I/O. A callback that throws never strands the conversation: the router logs the exception (event 1751, Error,
    /// with the conversation id) and routes that queuing as needing no skills, so any eligible agent of the department may
    /// get it. Return an empty array, not throw, for "no requirement".
    /// </remarks>
    public Func<Conversation, ImmutableArray<SkillRequirement>>? RequiredSkills { get; set; }

    /// <summary>When a conversation's service level is due (queue order after priority). Default: none, so arrival order decides.</summary>
    /// <remarks>
    /// Called like <see cref="RequiredSkills"/>. A callback that throws is logged (event 1752, Error, with the conversation id)
    /// and the conversation is queued by its own <see cref="Conversation.ServiceLevelDueAt"/>; it is still routed.
    /// </remarks>
    public Func<Conversation, Instant?>? ServiceLevelDueAt { get; set; }
}
