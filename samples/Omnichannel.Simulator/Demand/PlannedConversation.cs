using System.Collections.Immutable;
using NodaTime;

namespace Omnichannel.Simulator.Demand;

/// <summary>One contact's demand, drawn before any run so every algorithm faces the same day.</summary>
/// <param name="Index">Position in arrival order; the contact is named after it.</param>
/// <param name="Arrival">When the contact writes, from the start of the run.</param>
/// <param name="Department">The index of the department addressed.</param>
/// <param name="Patience">How long the contact waits in the queue before leaving; null for ever.</param>
/// <param name="Segments">The agents' work, in order; the last one closes.</param>
internal sealed record PlannedConversation(int Index, Duration Arrival, int Department, Duration? Patience, ImmutableArray<WorkSegment> Segments)
{
    /// <summary>The skill it needs (an index into <see cref="SkillPlan.Names"/>), or null without skills.</summary>
    public int? Skill { get; init; }

    /// <summary>The proficiency it needs, 1 to 3.</summary>
    public int SkillLevel { get; init; }

    /// <summary>An earlier planned conversation whose contact comes back with this one (when that one is over), or null for a new contact.</summary>
    public int? ReturnOf { get; init; }
}
