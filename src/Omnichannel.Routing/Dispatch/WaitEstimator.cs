using System.Collections.Immutable;
using NodaTime;
using Omnichannel.Routing.Queues;

namespace Omnichannel.Routing.Dispatch;

/// <summary>
/// Queue positions and estimated waits: position x mean handle time / serving slots, where the slots are the available
/// members' limits as the capacity rule states them (<see cref="Capacity.CapacityClaim.TightestLimit"/>; 1 for an agent
/// with no limit).
/// </summary>
/// <remarks>Stateless; callers hold the <see cref="StoreView"/> lock.</remarks>
internal static class WaitEstimator
{
    public static ImmutableArray<QueuePosition> Positions(DepartmentRouting routing, AgentDirectory agents)
    {
        var slots = 0L;
        foreach (var id in routing.AvailableMembers)
        {
            slots += agents.TryGet(id, out var agent) ? agents.ClaimFor(agent, routing, channel: null).TightestLimit ?? 1 : 1;
        }

        var handle = routing.MeanHandleTime;
        var builder = ImmutableArray.CreateBuilder<QueuePosition>(routing.Queue.Count);
        var position = 0;
        foreach (var entry in routing.Queue)
        {
            position++;
            builder.Add(new QueuePosition(entry.Id, position, Duration.FromTicks(handle.BclCompatibleTicks * position / Math.Max(1, slots))));
        }

        return builder.MoveToImmutable();
    }
}
