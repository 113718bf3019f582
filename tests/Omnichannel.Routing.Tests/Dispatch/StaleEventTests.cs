using Microsoft.Extensions.DependencyInjection;
using Omnichannel.Conversations;
using Omnichannel.Notifications;
using Omnichannel.Operations;
using Omnichannel.Routing.Tests.Support;

namespace Omnichannel.Routing.Tests.Dispatch;

/// <summary>
/// Events can reach the router late: another publisher (or another thread) may change a conversation between the
/// change and the router seeing its event. The store is the truth; a stale view must never block a queue.
/// </summary>
public class StaleEventTests
{
    /// <summary>A host publisher, registered before routing, that closes conversations of contacts named spam* as they are queued.</summary>
    private sealed class SpamFilter(IServiceProvider services) : IDomainEventPublisher
    {
        public async ValueTask PublishAsync(DomainEvent domainEvent, CancellationToken cancellationToken)
        {
            if (domainEvent is ConversationQueued { Conversation: var c } && c.ContactId.Value.StartsWith("spam", StringComparison.Ordinal))
            {
                await services.GetRequiredService<IConversationService>().CloseAsync(c.Id, Actor.System, null, cancellationToken);
            }
        }
    }

    [Fact]
    public async Task A_conversation_closed_before_routing_saw_it_queued_does_not_block_the_queue()
    {
        await using var h = RoutingHarness.Create(services: s => s.AddSingleton<IDomainEventPublisher>(sp => new SpamFilter(sp)));
        var d = await h.DepartmentAsync("d");
        var a = await h.AgentAsync("a", "d");
        var spam = await h.ArriveAsync("spam", "d");
        Assert.Equal(ConversationState.Closed, await h.StateAsync(spam));
        var genuine = await h.ArriveAsync("genuine", "d");
        Assert.Equal(a, await h.ServingAsync(genuine));
        Assert.Empty(await h.QueueOrderAsync(d));
    }
}
