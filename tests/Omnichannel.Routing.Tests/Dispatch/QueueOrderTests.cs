using NodaTime;
using Omnichannel.Agents;
using Omnichannel.Conversations;
using Omnichannel.Lifecycle;
using Omnichannel.Notifications;
using Omnichannel.Routing.Tests.Support;

namespace Omnichannel.Routing.Tests.Dispatch;

/// <summary>Queue order: priority weight 1..5 then none, service-level due time, arrival, then arrival sequence.</summary>
public class QueueOrderTests
{
    private static readonly Duration Second = Duration.FromSeconds(1);

    /// <summary>Agent a (Away, one conversation at a time) and supervisor s, in department d.</summary>
    private static async Task<(RoutingHarness H, AgentId Agent, AgentId Supervisor)> QueueWithoutAgentsAsync(Action<RoutingOptions>? options = null)
    {
        var h = RoutingHarness.Create(r => r.Configure(o => options?.Invoke(o)));
        await h.DepartmentAsync("d", maxChatsPerAgent: 1);
        var a = await h.AgentAsync("a", "d", status: AgentStatus.Away);
        var s = await h.SupervisorAsync("s", "d");
        return (h, a, s);
    }

    /// <summary>Lets agent a serve the queue one conversation at a time and returns the order served.</summary>
    private static async Task<ConversationId[]> ServeOneByOneAsync(RoutingHarness h, AgentId a, int count)
    {
        var served = new List<ConversationId>();
        await h.SetStatusAsync(a, AgentStatus.Available);
        for (var i = 0; i < count; i++)
        {
            var current = Assert.Single(await h.ServedByAsync(a));
            served.Add(current.Id);
            await h.CloseAsync(current.Id);
        }

        return [.. served];
    }

    [Fact]
    public async Task Priority_weights_one_to_five_come_first_and_no_priority_last_whatever_the_arrival()
    {
        var (h, a, s) = await QueueWithoutAgentsAsync();
        await using var _h = h;
        var priorities = new[] { ConversationPriority.None, ConversationPriority.Lowest, ConversationPriority.High, ConversationPriority.Highest, ConversationPriority.Medium, ConversationPriority.Low };
        var ids = new Dictionary<ConversationPriority, ConversationId>();
        foreach (var priority in priorities)
        {
            await h.Time.AdvanceByAsync(Second);
            var id = await h.ArriveAsync($"k-{priority}", "d");
            if (priority != ConversationPriority.None)
            {
                await h.SetPriorityAsync(id, s, priority);
            }

            ids[priority] = id;
        }

        var expected = new[] { ConversationPriority.Highest, ConversationPriority.High, ConversationPriority.Medium, ConversationPriority.Low, ConversationPriority.Lowest, ConversationPriority.None }
            .Select(p => ids[p]).ToArray();
        Assert.Equal(expected, await h.QueueOrderAsync(new DepartmentId("d")));
        Assert.Equal(expected, await ServeOneByOneAsync(h, a, expected.Length));
    }

    [Fact]
    public async Task A_priority_set_before_the_conversation_returns_to_the_queue_orders_it()
    {
        await using var h = RoutingHarness.Create();
        await h.DepartmentAsync("d", maxChatsPerAgent: 1);
        var a = await h.AgentAsync("a", "d");
        var urgent = await h.ArriveAsync("k1", "d");
        await h.Time.AdvanceByAsync(Second);
        var waiting = await h.ArriveAsync("k2", "d");
        (await h.Conversations.UpdateRoomInformationAsync(urgent, a, new(Priority: ConversationPriority.High))).GetValueOrThrow();
        await h.SettleAsync();
        await h.SetStatusAsync(a, AgentStatus.Away);
        (await h.Conversations.ReturnToQueueAsync(urgent, Actor.Agent(a))).GetValueOrThrow();
        await h.SettleAsync();
        Assert.Equal([urgent, waiting], await h.QueueOrderAsync(new DepartmentId("d")));
        await h.SetStatusAsync(a, AgentStatus.Available);
        Assert.Equal(a, await h.ServingAsync(urgent));
    }

    [Fact]
    public async Task Service_level_due_time_orders_within_a_priority_and_priority_comes_first()
    {
        // Contacts named vip* are due 1 minute after queuing, others 10 minutes.
        var (h, a, s) = await QueueWithoutAgentsAsync(o => o.ServiceLevelDueAt = c =>
            c.QueuedAt + (c.ContactId.Value.StartsWith("vip", StringComparison.Ordinal) ? Duration.FromMinutes(1) : Duration.FromMinutes(10)));
        await using var _h = h;
        var early = await h.ArriveAsync("early", "d");
        await h.Time.AdvanceByAsync(Duration.FromMinutes(2));
        var vip = await h.ArriveAsync("vip", "d"); // due at 3 min, before early's 10 min
        await h.Time.AdvanceByAsync(Second);
        var urgent = await h.ArriveAsync("urgent", "d");
        await h.SetPriorityAsync(urgent, s, ConversationPriority.Lowest); // any priority beats none
        Assert.Equal([urgent, vip, early], await h.QueueOrderAsync(new DepartmentId("d")));
        Assert.Equal([urgent, vip, early], await ServeOneByOneAsync(h, a, 3));
    }

    [Fact]
    public async Task Equal_priority_and_due_time_go_by_arrival_then_by_the_order_routing_saw_them()
    {
        var (h, a, _) = await QueueWithoutAgentsAsync();
        await using var _h = h;
        var first = await h.ArriveAsync("k-z", "d");
        var second = await h.ArriveAsync("k-a", "d"); // the same instant: arrival sequence, not id
        await h.Time.AdvanceByAsync(Second);
        var third = await h.ArriveAsync("k-m", "d");
        Assert.Equal([first, second, third], await h.QueueOrderAsync(new DepartmentId("d")));
        Assert.Equal([first, second, third], await ServeOneByOneAsync(h, a, 3));
    }

    [Fact]
    public async Task Freed_capacity_takes_the_highest_priority_then_the_oldest()
    {
        var (h, a, s) = await QueueWithoutAgentsAsync();
        await using var _h = h;
        var ids = new List<ConversationId>();
        for (var i = 0; i < 5; i++)
        {
            await h.Time.AdvanceByAsync(Second);
            ids.Add(await h.ArriveAsync($"k{i}", "d"));
        }

        await h.SetPriorityAsync(ids[3], s, ConversationPriority.Medium);
        await h.SetPriorityAsync(ids[4], s, ConversationPriority.Medium);
        var department = (await h.Departments.GetAsync(new DepartmentId("d")))!;
        (await h.Departments.SaveAsync(department with { MaxChatsPerAgent = 3 })).GetValueOrThrow();
        await h.SettleAsync();
        h.Events.Clear();
        await h.SetStatusAsync(a, AgentStatus.Available);
        var assignedInOrder = h.Events.OfType<ConversationStateChanged>()
            .Where(e => e.Trigger == ConversationTrigger.Take).Select(e => e.Conversation.Id).ToArray();
        Assert.Equal([ids[3], ids[4], ids[0]], assignedInOrder);
        Assert.Equal([ids[1], ids[2]], await h.QueueOrderAsync(new DepartmentId("d")));
    }
}
