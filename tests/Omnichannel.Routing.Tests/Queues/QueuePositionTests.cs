using NodaTime;
using Omnichannel.Agents;
using Omnichannel.Conversations;
using Omnichannel.Routing.Events;
using Omnichannel.Routing.Queues;
using Omnichannel.Routing.Tests.Support;

namespace Omnichannel.Routing.Tests.Queues;

/// <summary>Queue positions and estimated waits, read on demand and published in batches.</summary>
public class QueuePositionTests
{
    private static readonly Duration Handle = Duration.FromMinutes(5);

    [Fact]
    public async Task Positions_count_from_one_and_waits_are_position_times_handle_time_over_serving_slots()
    {
        await using var h = RoutingHarness.Create(r => r.Configure(o => o.DefaultHandleTime = Handle));
        var d = await h.DepartmentAsync("d", maxChatsPerAgent: 2);
        await h.AgentAsync("a", "d");
        await h.AgentAsync("b", "d", max: 1); // min(1, 2) = 1 slot
        await h.AgentAsync("away", "d", status: AgentStatus.Away); // no slot
        var ids = new List<ConversationId>();
        for (var i = 0; i < 6; i++)
        {
            ids.Add(await h.ArriveAsync($"k{i}", "d"));
        }

        // 3 served (a: 2, b: 1), 3 queued; 3 slots.
        var queue = await h.Routing.GetQueueAsync(d);
        Assert.Equal(
            [new QueuePosition(ids[3], 1, Handle / 3), new QueuePosition(ids[4], 2, Handle * 2 / 3), new QueuePosition(ids[5], 3, Handle)],
            queue);
    }

    [Fact]
    public async Task With_no_available_agent_the_wait_assumes_one_slot()
    {
        await using var h = RoutingHarness.Create(r => r.Configure(o => o.DefaultHandleTime = Handle));
        var d = await h.DepartmentAsync("d");
        await h.AgentAsync("a", "d", status: AgentStatus.Offline);
        var first = await h.ArriveAsync("k1", "d");
        var second = await h.ArriveAsync("k2", "d");
        Assert.Equal([new QueuePosition(first, 1, Handle), new QueuePosition(second, 2, Handle * 2)], await h.Routing.GetQueueAsync(d));
    }

    [Fact]
    public async Task The_handle_time_learns_from_closed_conversations()
    {
        await using var h = RoutingHarness.Create(r => r.Configure(o => o.DefaultHandleTime = Handle));
        var d = await h.DepartmentAsync("d", maxChatsPerAgent: 1);
        await h.AgentAsync("a", "d");
        var served = await h.ArriveAsync("k1", "d");
        var queued = await h.ArriveAsync("k2", "d");
        var later = await h.ArriveAsync("k3", "d");
        await h.Time.AdvanceByAsync(Duration.FromMinutes(15));
        await h.CloseAsync(served); // handled in 15 minutes: mean = 0.9 x 5 + 0.1 x 15 = 6 minutes
        Assert.Equal(ConversationState.Taken, await h.StateAsync(queued));
        Assert.Equal([new QueuePosition(later, 1, Duration.FromMinutes(6))], await h.Routing.GetQueueAsync(d));
    }

    [Fact]
    public async Task An_unknown_department_has_an_empty_queue()
    {
        await using var h = RoutingHarness.Create();
        Assert.Empty(await h.Routing.GetQueueAsync(new DepartmentId("nowhere")));
    }

    [Fact]
    public async Task Position_changes_are_published_once_per_department_per_interval_with_every_position()
    {
        var interval = Duration.FromSeconds(5);
        await using var h = RoutingHarness.Create(r => r.Configure(o => o.QueuePositionInterval = interval));
        var d1 = await h.DepartmentAsync("d1");
        var d2 = await h.DepartmentAsync("d2");
        var one = new List<ConversationId>();
        for (var i = 0; i < 5; i++)
        {
            one.Add(await h.ArriveAsync($"k{i}", "d1"));
            await h.Time.AdvanceByAsync(Duration.FromMilliseconds(500));
        }

        for (var i = 0; i < 3; i++)
        {
            await h.ArriveAsync($"j{i}", "d2");
        }

        Assert.Empty(h.Events.OfType<QueuePositionsChanged>());
        await h.Time.AdvanceByAsync(interval);
        var published = h.Events.OfType<QueuePositionsChanged>();
        Assert.Equal(2, published.Count);
        var first = Assert.Single(published, e => e.DepartmentId == d1);
        Assert.Equal(one, first.Positions.Select(p => p.ConversationId));
        Assert.Equal([1, 2, 3, 4, 5], first.Positions.Select(p => p.Position));
        Assert.Equal(3, Assert.Single(published, e => e.DepartmentId == d2).Positions.Length);

        // The next change in d1 (an agent takes two) is published once more, after another interval, with the new positions.
        h.Events.Clear();
        await h.AgentAsync("a", "d1", max: 2);
        await h.Time.AdvanceByAsync(interval);
        var next = Assert.Single(h.Events.OfType<QueuePositionsChanged>());
        Assert.Equal(d1, next.DepartmentId);
        Assert.Equal(one.Skip(2), next.Positions.Select(p => p.ConversationId));
        Assert.Equal([1, 2, 3], next.Positions.Select(p => p.Position));
    }
}
