using NodaTime;
using Omnichannel.Simulator.Demand;

namespace Omnichannel.Simulator.Simulation;

/// <summary>
/// What the simulator keeps about one contact's conversation: the plan it follows, where the agent is in it, and
/// what the library reported (for metrics). The conversation itself lives in the library's store.
/// </summary>
internal sealed class ConversationTrace(PlannedConversation plan, ContactId contact)
{
    public PlannedConversation Plan { get; } = plan;

    public ContactId Contact { get; } = contact;

    /// <summary>Known from the first event about the conversation.</summary>
    public ConversationId? Id { get; set; }

    public DepartmentId Department { get; set; }

    /// <summary>The segment the next service starts.</summary>
    public int NextSegment { get; set; }

    /// <summary>Counts services (take, resume, forward); work scheduled for an earlier service is stale.</summary>
    public int Service { get; set; }

    public Instant? FirstTakenAt { get; set; }

    public bool IsQueued { get; set; }

    public bool IsOccupying { get; set; }

    public Instant OccupyingSince { get; set; }

    /// <summary>Time an agent worked on it (Taken or Forwarded; not queued, not on hold).</summary>
    public Duration Occupied { get; set; }

    public bool IsClosed { get; set; }

    /// <summary>The agent who first took it (set on the first take).</summary>
    public AgentId? FirstAgent { get; set; }

    /// <summary>For a returning contact: the agent who first took their previous conversation (null if it was never taken).</summary>
    public AgentId? PreviousAgent { get; set; }

    /// <summary>True when the contact wrote in before.</summary>
    public bool IsReturning { get; set; }
}
