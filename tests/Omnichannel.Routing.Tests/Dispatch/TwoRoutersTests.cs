using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Omnichannel.Conversations;
using Omnichannel.Lifecycle;
using Omnichannel.Notifications;
using Omnichannel.Routing.Coordination;
using Omnichannel.Routing.Scheduling;
using Omnichannel.Routing.Tests.Support;
using Omnichannel.Testing;
using Omnichannel.Testing.Scheduling;

namespace Omnichannel.Routing.Tests.Dispatch;

/// <summary>
/// Two routers ("processes") on one store and one in-process coordinator: a department is dispatched by its leaseholder
/// only, a change made in the other process wakes the leaseholder through the coordinator, and when the leaseholder stops
/// the other takes the department over at its next reconciliation.
/// </summary>
public class TwoRoutersTests
{
    private static (RoutingHarness First, RoutingHarness Second) TwoProcesses()
    {
        var stores = HarnessStores.CreateNew();
        var time = new VirtualScheduler(RoutingHarness.Start);
        var ids = new SequentialConversationIdGenerator();
        var coordinator = new InProcessRoutingCoordinator(time);
        void Shared(IServiceCollection s) => s.AddSingleton<IRoutingCoordinator>(coordinator);
        return (RoutingHarness.Create(stores: stores, time: time, ids: ids, services: Shared), RoutingHarness.Create(stores: stores, time: time, ids: ids, services: Shared));
    }

    private static int RoutedTakes(RoutingHarness h) =>
        h.Events.OfType<ConversationStateChanged>().Count(e => e.Trigger == ConversationTrigger.Take && e.Actor == Actor.System);

    [Fact]
    public async Task A_conversation_arriving_in_the_other_process_is_routed_at_once_by_the_leaseholder_only()
    {
        var (first, second) = TwoProcesses();
        await using var _ = first;
        await using var __ = second;
        await first.DepartmentAsync("d"); // the first process's router loads first and leases d
        var a = await first.AgentAsync("a", "d");
        await second.Routing.StartAsync();

        var conversation = await second.ArriveAsync("k", "d"); // the second hears the event, does not hold d: it wakes the first

        Assert.Equal(a, await second.ServingAsync(conversation));
        Assert.Equal(1, RoutedTakes(first));
        Assert.Equal(0, RoutedTakes(second));
    }

    [Fact]
    public async Task When_the_leaseholder_stops_the_other_process_takes_the_department_over_at_its_next_reconciliation()
    {
        var (first, second) = TwoProcesses();
        await using var _ = second;
        await first.DepartmentAsync("d");
        var a = await first.AgentAsync("a", "d", status: Agents.AgentStatus.Away);
        await second.Routing.StartAsync();
        await first.DisposeAsync(); // its leases are released

        var conversation = await second.ArriveAsync("k", "d");
        await second.SetStatusAsync(a, Agents.AgentStatus.Available);
        await second.Time.AdvanceByAsync(Duration.FromSeconds(5));

        Assert.Equal(a, await second.ServingAsync(conversation));
        Assert.Equal(1, RoutedTakes(second));
    }
}
