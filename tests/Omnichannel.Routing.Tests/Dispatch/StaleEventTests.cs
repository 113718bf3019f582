using Microsoft.Extensions.DependencyInjection;
using Omnichannel.Agents;
using Omnichannel.Conversations;
using Omnichannel.Notifications;
using Omnichannel.Operations;
using Omnichannel.Routing.Tests.Support;
using Omnichannel.Storage;

namespace Omnichannel.Routing.Tests.Dispatch;

/// <summary>
/// Events reach the router late or out of order: every change is published by the thread that made it, after its
/// write, so a publisher called before the router (or another thread) can make a newer change whose events the
/// router sees first. Each test builds one such interleaving deterministically; the store stays the truth.
/// </summary>
public class StaleEventTests
{
    /// <summary>A host publisher, registered before routing, that reacts once to the first event matching <paramref name="when"/>.</summary>
    private sealed class ReactOnce(IServiceProvider services, Func<DomainEvent, bool> when, Func<IServiceProvider, DomainEvent, ValueTask> react) : IDomainEventPublisher
    {
        private int _done;

        public async ValueTask PublishAsync(DomainEvent domainEvent, CancellationToken cancellationToken)
        {
            if (when(domainEvent) && Interlocked.Exchange(ref _done, 1) == 0)
            {
                await react(services, domainEvent);
            }
        }
    }

    private static RoutingHarness WithReaction(Func<DomainEvent, bool> when, Func<IServiceProvider, DomainEvent, ValueTask> react) =>
        RoutingHarness.Create(services: s => s.AddSingleton<IDomainEventPublisher>(sp => new ReactOnce(sp, when, react)));

    private static async Task AssertInvariantsAsync(RoutingHarness h, params string[] agents)
    {
        var violations = await new RoutingInvariants(h, [.. agents.Select(a => new AgentId(a))], [new DepartmentId("d")]).CheckAsync(eventsInOrder: false);
        Assert.True(violations.Count == 0, string.Join(Environment.NewLine, violations));
    }

    [Fact]
    public async Task A_conversation_closed_before_routing_saw_it_queued_does_not_block_the_queue()
    {
        // An anti-spam publisher closes the conversation as it is queued, before the router hears of the queuing.
        await using var h = WithReaction(
            e => e is ConversationQueued { Conversation.ContactId.Value: "spam" },
            (sp, e) => Ignore(sp.GetRequiredService<IConversationService>().CloseAsync(((ConversationQueued)e).Conversation.Id, Actor.System)));
        var d = await h.DepartmentAsync("d");
        var a = await h.AgentAsync("a", "d");
        var spam = await h.ArriveAsync("spam", "d");
        Assert.Equal(ConversationState.Closed, await h.StateAsync(spam));
        var genuine = await h.ArriveAsync("genuine", "d");
        Assert.Equal(a, await h.ServingAsync(genuine));
        Assert.Empty(await h.QueueOrderAsync(d));
        await AssertInvariantsAsync(h, "a");
    }

    [Fact]
    public async Task A_conversation_closed_by_another_process_does_not_block_the_queue()
    {
        await using var h = RoutingHarness.Create();
        var d = await h.DepartmentAsync("d");
        var a = await h.AgentAsync("a", "d", status: AgentStatus.Away);
        var closedElsewhere = await h.ArriveAsync("k1", "d");
        // Another process sharing the store closes it: this router hears nothing.
        var stored = await h.GetAsync(closedElsewhere);
        await h.Stores.Conversations.SaveAsync(new ConversationWrite(stored with { State = ConversationState.Closed, ClosedAt = h.Now, ClosedBy = Actor.System }, null, null), default);
        var next = await h.ArriveAsync("k2", "d");
        await h.SetStatusAsync(a, AgentStatus.Available);
        Assert.Equal(a, await h.ServingAsync(next));
        Assert.Empty(await h.QueueOrderAsync(d));
        await AssertInvariantsAsync(h, "a");
    }

    [Fact]
    public async Task A_take_event_arriving_after_the_conversation_went_back_to_the_queue_does_not_lose_it()
    {
        // A publisher sends the first take back to the queue: the router sees "queued again" before "taken".
        await using var h = WithReaction(
            e => e is ConversationStateChanged { To: ConversationState.Taken },
            (sp, e) => Ignore(sp.GetRequiredService<IConversationService>().ReturnToQueueAsync(((ConversationStateChanged)e).Conversation.Id, Actor.System)));
        var d = await h.DepartmentAsync("d", maxChatsPerAgent: 1);
        var a = await h.AgentAsync("a", "d");
        var conversation = await h.ArriveAsync("k", "d");
        Assert.Equal(a, await h.ServingAsync(conversation)); // routed again, not left queued behind a phantom load
        Assert.True((await h.GetAsync(conversation)).Version >= 4);
        await AssertInvariantsAsync(h, "a");
    }

    [Fact]
    public async Task A_status_event_arriving_after_a_newer_status_does_not_hide_an_available_agent()
    {
        // A publisher puts the agent straight back to Available when they go Away: the router sees Available, then Away.
        await using var h = WithReaction(
            e => e is AgentStatusChanged { Agent.Status: AgentStatus.Away },
            (sp, e) => Ignore(sp.GetRequiredService<IAgentService>().SetStatusAsync(((AgentStatusChanged)e).Agent.Id, AgentStatus.Available)));
        var d = await h.DepartmentAsync("d");
        var a = await h.AgentAsync("a", "d");
        await h.SetStatusAsync(a, AgentStatus.Away);
        Assert.Equal(AgentStatus.Available, (await h.Agents.GetAsync(a))!.Status);
        var conversation = await h.ArriveAsync("k", "d");
        Assert.Equal(a, await h.ServingAsync(conversation));
        await AssertInvariantsAsync(h, "a");
    }

    [Fact]
    public async Task A_conversation_taken_by_an_agent_who_went_offline_during_the_take_is_returned_to_the_queue()
    {
        // The agent goes Offline between the take's status check and its write: the offline re-route finds nothing yet.
        var stores = HarnessStores.CreateNew();
        IServiceProvider? container = null;
        var raced = 0;
        await using var h = RoutingHarness.Create(stores: stores, services: s => s.AddSingleton<IConversationStore>(new InterceptingConversationStore(stores.Conversations, async write =>
        {
            if (write.Conversation.State == ConversationState.Taken && write.Claim?.AgentId == new AgentId("a") && Interlocked.Exchange(ref raced, 1) == 0)
            {
                (await container!.GetRequiredService<IAgentService>().SetStatusAsync(new AgentId("a"), AgentStatus.Offline)).GetValueOrThrow();
            }
        })));
        container = h.Services;
        var d = await h.DepartmentAsync("d");
        var a = await h.AgentAsync("a", "d");
        var conversation = await h.ArriveAsync("k", "d");
        Assert.Equal(1, raced);
        Assert.Equal(AgentStatus.Offline, (await h.Agents.GetAsync(a))!.Status);
        Assert.Equal(ConversationState.Queued, await h.StateAsync(conversation));
        Assert.Equal([conversation], await h.QueueOrderAsync(d));
        await AssertInvariantsAsync(h, "a");
    }

    private static async ValueTask Ignore<T>(ValueTask<T> operation) => await operation;
}
