using NodaTime;

namespace Omnichannel.Routing.Dispatch;

/// <summary>Why an agent is passed over for one conversation.</summary>
internal enum ExclusionReason
{
    /// <summary>They declined its offer or let it expire; cleared when the decline limit sends it back to its place.</summary>
    Declined,

    /// <summary>They took it and did not answer in time.</summary>
    Unanswered,
}

/// <summary>
/// An agent passed over for one conversation, from <paramref name="Since"/> until <paramref name="Until"/>: a delay, not a
/// ban. It lapses at <paramref name="Until"/>, or as soon as the agent changes status after <paramref name="Since"/>
/// (going Away and back clears it).
/// </summary>
internal readonly record struct Exclusion(AgentId Agent, Instant Since, Instant Until, ExclusionReason Reason)
{
    public bool IsActive(Instant now, Agents.Agent? agent) => now < Until && (agent is null || agent.StatusChangedAt <= Since);
}
