using NodaTime;

namespace Omnichannel.Simulator.Demand;

/// <summary>A piece of an agent's work on a conversation and what ends it.</summary>
/// <param name="Work">The agent's work before the end action (stretched by the agent's load when it starts).</param>
/// <param name="End">What the agent does then.</param>
/// <param name="HoldFor">For <see cref="SegmentEnd.Hold"/>: how long until the contact writes again.</param>
/// <param name="ForwardTo">For <see cref="SegmentEnd.Forward"/>: the index of the target department.</param>
internal sealed record WorkSegment(Duration Work, SegmentEnd End, Duration HoldFor = default, int ForwardTo = -1);
