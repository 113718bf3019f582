using System.Collections.Immutable;
using Omnichannel.Agents;
using Omnichannel.Conversations;
using Omnichannel.Departments;
using Omnichannel.Routing.Algorithms;

namespace Omnichannel.Routing.Tests.Indexing;

/// <summary>
/// A routed agent makes its per-department and per-channel counts and its set of served conversations on first use (so
/// agents serving nothing lie close together in memory): reading them before reads zero and an empty set, and what is
/// counted afterwards reads back.
/// </summary>
public class RoutedAgentCountsTests
{
    [Fact]
    public void Counts_read_zero_before_any_and_what_was_counted_after()
    {
        var agent = new RoutedAgent(new Agent
        {
            Id = new AgentId("counts"),
            Username = "counts",
            Status = AgentStatus.Available,
            Skills = ImmutableDictionary<string, int>.Empty,
        });
        var sales = new DepartmentId("sales");
        _ = Read(agent, sales); // first calls compile and initialize; the second one is measured
        var before = GC.GetAllocatedBytesForCurrentThread();
        var (inSales, onChat, served) = Read(agent, sales);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal((0, 0, 0), (inSales, onChat, served));
        Assert.Equal(0, allocated);

        agent.CountedByDepartment[sales] = 2;
        agent.CountedByChannel["chat"] = 1;
        agent.Serving.Add(new ConversationId("c1"));

        Assert.Equal(2, agent.CountedIn(sales));
        Assert.Equal(0, agent.CountedIn(new DepartmentId("support")));
        Assert.Equal(1, agent.CountedOn("chat"));
        Assert.Equal(0, agent.CountedOn("call"));
        Assert.Equal([new ConversationId("c1")], agent.ServingOrNone);
    }

    private static (int InSales, int OnChat, int Served) Read(RoutedAgent agent, DepartmentId sales) =>
        (agent.CountedIn(sales), agent.CountedOn("chat"), agent.ServingOrNone.Count);
}
