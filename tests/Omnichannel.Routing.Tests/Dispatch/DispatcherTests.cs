using Microsoft.Extensions.DependencyInjection;
using Omnichannel.Agents;
using Omnichannel.Conversations;
using Omnichannel.Notifications;
using Omnichannel.Routing.Tests.Support;

namespace Omnichannel.Routing.Tests.Dispatch;

/// <summary>The dispatcher runs routing off the caller's thread, one pass at a time, and cannot be dead-locked from inside a pass.</summary>
public class DispatcherTests
{
    /// <summary>A host publisher that asks for a dispatch pass whenever a conversation is taken (from inside the router's pass).</summary>
    private sealed class DispatchOnTake(IServiceProvider services) : IDomainEventPublisher
    {
        public int Calls;

        public async ValueTask PublishAsync(DomainEvent domainEvent, CancellationToken cancellationToken)
        {
            if (domainEvent is ConversationStateChanged { To: ConversationState.Taken })
            {
                Interlocked.Increment(ref Calls);
                await services.GetRequiredService<IRoutingService>().DispatchAsync(cancellationToken);
            }
        }
    }

    [Fact]
    public async Task A_host_publisher_asking_for_a_dispatch_from_inside_a_pass_does_not_deadlock_it()
    {
        DispatchOnTake? publisher = null;
        await using var h = RoutingHarness.Create(services: s => s.AddSingleton<IDomainEventPublisher>(sp => publisher = new DispatchOnTake(sp)));
        await h.DepartmentAsync("d");
        var a = await h.AgentAsync("a", "d");

        var conversation = await h.ArriveAsync("k", "d");

        Assert.Equal(a, await h.ServingAsync(conversation));
        Assert.Equal(1, publisher!.Calls);
    }

    [Fact]
    public async Task An_operation_returns_before_routing_runs_and_routing_follows_when_the_dispatcher_runs()
    {
        await using var h = RoutingHarness.Create();
        await h.DepartmentAsync("d");
        await h.AgentAsync("a", "d");
        await h.ContactAsync("k");

        var arrived = (await h.Conversations.ReceiveContactMessageAsync(new ContactId("k"), new DepartmentId("d"), "hello")).GetValueOrThrow();

        Assert.Equal(ConversationState.Queued, (await h.GetAsync(arrived.Id)).State); // the dispatcher has not run yet
        await h.SettleAsync();
        Assert.Equal(ConversationState.Taken, (await h.GetAsync(arrived.Id)).State);
    }

    [Fact]
    public async Task A_stopped_router_ignores_events_and_refuses_to_start_again()
    {
        var h = RoutingHarness.Create();
        await h.DepartmentAsync("d");
        var routing = h.Routing;
        await h.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => routing.StartAsync().AsTask());
    }

    [Fact]
    public async Task An_agent_who_is_available_only_in_the_store_is_found_by_the_reconciliation_not_by_luck()
    {
        await using var h = RoutingHarness.Create();
        var d = await h.DepartmentAsync("d");
        var a = await h.AgentAsync("a", "d", status: AgentStatus.Away);
        var waiting = await h.ArriveAsync("k", "d");
        var agent = (await h.Stores.Agents.GetAsync(a, default))!;
        await h.Stores.Agents.SaveAsync(agent with { Status = AgentStatus.Available }, default); // no event at all

        await h.Time.AdvanceByAsync(NodaTime.Duration.FromSeconds(4.9));
        Assert.Equal([waiting], await h.QueueOrderAsync(d)); // not before the reconciliation...
        await h.Time.AdvanceByAsync(NodaTime.Duration.FromSeconds(0.1));
        Assert.Equal(a, await h.ServingAsync(waiting)); // ...and not later
    }
}
