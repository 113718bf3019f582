namespace Omnichannel.Routing.Dispatch;

/// <summary>How one assignment attempt ended, as a drain counts it.</summary>
internal enum AssignmentOutcome
{
    /// <summary>Stored: the agent serves it.</summary>
    Assigned,

    /// <summary>The entry was stale (the conversation was taken, closed or moved meanwhile): skipped, not a failure.</summary>
    Stale,

    /// <summary>Refused because the view of the agent was stale; re-reading corrected it, so this is not a failure either.</summary>
    Corrected,

    /// <summary>A store fault, or a refusal that re-reading does not explain: counts toward giving up on the department for now.</summary>
    Failed,
}
