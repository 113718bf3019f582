using Microsoft.Extensions.DependencyInjection;
using Omnichannel.Agents;
using Omnichannel.Conversations;
using Omnichannel.Lifecycle;
using Omnichannel.Notifications;
using Omnichannel.Routing.Tests.Support;

namespace Omnichannel.Routing.Tests.Dispatch;

/// <summary>
/// The router drops the events of its own assignment that the result it applied makes no-ops; an event of that
/// conversation published while the write runs and newer than its result must still reach the view at once.
/// </summary>
public class OwnWriteEventsTests
{
    /// <summary>A host publisher that closes a conversation as soon as it is taken (inline, while the taking write publishes).</summary>
    private sealed class ClosesOnTake : IDomainEventPublisher
    {
        public IConversationService? Conversations { get; set; }

        public ConversationId? Target { get; set; }

        public async ValueTask PublishAsync(DomainEvent domainEvent, CancellationToken cancellationToken)
        {
            if (domainEvent is ConversationStateChanged { Trigger: ConversationTrigger.Take } taken && taken.Conversation.Id == Target && Conversations is { } service)
            {
                Target = null;
                (await service.CloseAsync(taken.Conversation.Id, Actor.System, cancellationToken: cancellationToken)).GetValueOrThrow();
            }
        }
    }

    [Fact]
    public async Task A_newer_change_published_while_the_routers_own_assignment_is_written_is_applied_at_once()
    {
        var closer = new ClosesOnTake();
        await using var h = RoutingHarness.Create(services: s => s.AddSingleton<IDomainEventPublisher>(closer));
        closer.Conversations = h.Conversations;
        await h.DepartmentAsync("d", maxChatsPerAgent: 1);
        var a = await h.AgentAsync("a", "d", status: AgentStatus.Away);
        var first = await h.ArriveAsync("k1", "d");
        var second = await h.ArriveAsync("k2", "d");
        closer.Target = first;
        var before = h.Now;

        await h.SetStatusAsync(a, AgentStatus.Available); // the router assigns the first; the host closes it inside that write

        Assert.Equal(ConversationState.Closed, await h.StateAsync(first));
        // The close (newer than the take the router applied) freed a's only slot: the second is served without waiting for a reconciliation.
        Assert.Equal(a, await h.ServingAsync(second));
        Assert.Equal(before, h.Now);
    }

    [Fact]
    public async Task The_routers_own_take_events_leave_the_view_as_its_result_left_it()
    {
        await using var h = RoutingHarness.Create();
        await h.DepartmentAsync("d", maxChatsPerAgent: 2);
        var a = await h.AgentAsync("a", "d", status: AgentStatus.Away);
        var first = await h.ArriveAsync("k1", "d");
        var second = await h.ArriveAsync("k2", "d");
        var third = await h.ArriveAsync("k3", "d");

        await h.SetStatusAsync(a, AgentStatus.Available);

        // Two takes (the limit); their events changed nothing; the third waits, and gets a's slot when one closes.
        Assert.Equal(a, await h.ServingAsync(first));
        Assert.Equal(a, await h.ServingAsync(second));
        Assert.Equal(ConversationState.Queued, await h.StateAsync(third));
        await h.CloseAsync(first);
        Assert.Equal(a, await h.ServingAsync(third));
    }
}
