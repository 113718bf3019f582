using System.Collections.Immutable;
using NodaTime;
using Omnichannel.Conversations;
using Omnichannel.Routing.Algorithms;

namespace Omnichannel.Routing;

/// <summary>Routing settings. Every timeout is off (null) unless set. Validated when routing starts.</summary>
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

    /// <summary>Re-route a taken conversation whose agent has not written within this time (never back to that agent). Default: off.</summary>
    public Duration? RerouteUnansweredAfter { get; set; }

    /// <summary>Return an agent's taken conversations to the queue when the agent goes Offline. Default: true.</summary>
    public bool RerouteWhenAgentGoesOffline { get; set; } = true;

    /// <summary>Close a conversation queued longer than this. Default: off.</summary>
    public Duration? CloseQueuedAfter { get; set; }

    /// <summary>Queue positions are published at most once per this interval per department, in one batch. Default: 5 seconds. Positive.</summary>
    public Duration QueuePositionInterval { get; set; } = Duration.FromSeconds(5);

    /// <summary>The handle time assumed for wait estimates before any conversation of the department closed. Default: 5 minutes. Positive.</summary>
    public Duration DefaultHandleTime { get; set; } = Duration.FromMinutes(5);

    /// <summary>The skills a conversation needs (for skills routing). Default: none.</summary>
    public Func<Conversation, ImmutableArray<SkillRequirement>>? RequiredSkills { get; set; }

    /// <summary>When a conversation's service level is due (queue order after priority). Default: none, so arrival order decides.</summary>
    public Func<Conversation, Instant?>? ServiceLevelDueAt { get; set; }
}
