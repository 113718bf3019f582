using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Omnichannel.Agents;
using Omnichannel.Conversations;
using Omnichannel.Notifications;
using Omnichannel.Routing.Events;
using Omnichannel.Routing.Tests.Support;
using Omnichannel.Storage;
using Omnichannel.Testing.Faults;

namespace Omnichannel.Routing.Tests.Regressions;

/// <summary>
/// Issue 10: every way the old router was seen to strand a conversation, one test each, on virtual time. Each failed on
/// the event-driven router (checked against commit 162177e); the reconcile interval used is the default, 5 seconds.
/// </summary>
public class ObservedStrandingTests
{
    private static readonly Duration ReconcileInterval = Duration.FromSeconds(5);

    /// <summary>A host publisher whose push service timed out: it throws <see cref="TaskCanceledException"/> on every event.</summary>
    private sealed class TimingOutPublisher : IDomainEventPublisher
    {
        public ValueTask PublishAsync(DomainEvent domainEvent, CancellationToken cancellationToken) =>
            throw new TaskCanceledException("The push service did not answer within 100 ms.");
    }

    /// <summary>The caller gives up (an aborted HTTP request) as soon as its conversation is queued, after the write.</summary>
    private sealed class CallerGivesUp(CancellationTokenSource caller) : IDomainEventPublisher
    {
        public async ValueTask PublishAsync(DomainEvent domainEvent, CancellationToken cancellationToken)
        {
            if (domainEvent is ConversationQueued)
            {
                await caller.CancelAsync();
            }
        }
    }

    [Fact]
    public async Task A_host_publisher_that_times_out_does_not_keep_a_new_conversation_from_its_available_agent()
    {
        await using var h = RoutingHarness.Create(services: s => s.AddSingleton<IDomainEventPublisher>(new TimingOutPublisher()));
        await h.DepartmentAsync("d");
        var a = await h.AgentAsync("a", "d");

        var conversation = await h.ArriveAsync("k", "d");

        Assert.Equal(a, await h.ServingAsync(conversation));
    }

    [Fact]
    public async Task A_caller_whose_token_is_cancelled_just_after_the_write_still_has_its_conversation_routed()
    {
        using var caller = new CancellationTokenSource();
        await using var h = RoutingHarness.Create(services: s => s.AddSingleton<IDomainEventPublisher>(new CallerGivesUp(caller)));
        await h.DepartmentAsync("d");
        var a = await h.AgentAsync("a", "d");
        await h.ContactAsync("k");

        try
        {
            _ = await h.Conversations.ReceiveContactMessageAsync(new ContactId("k"), new DepartmentId("d"), "hello", cancellationToken: caller.Token);
        }
        catch (OperationCanceledException)
        {
            // The caller gave up; the conversation is stored all the same.
        }

        await h.SettleAsync();
        var stored = Assert.Single(await h.Stores.Conversations.QueryAsync(new ConversationQuery { ContactId = new ContactId("k") }, default));
        Assert.Equal(a, stored.ServingAgentId);
    }

    [Fact]
    public async Task A_conversation_queued_by_another_process_is_routed_within_one_reconcile_interval()
    {
        await using var h = RoutingHarness.Create();
        await h.DepartmentAsync("d");
        var a = await h.AgentAsync("a", "d");
        await using var other = OtherProcess.Sharing(h);
        await h.ContactAsync("k");

        var conversation = (await other.Conversations.ReceiveContactMessageAsync(new ContactId("k"), new DepartmentId("d"), "hello")).GetValueOrThrow().Id;
        await h.Time.AdvanceByAsync(ReconcileInterval);

        Assert.Equal(a, await h.ServingAsync(conversation));
    }

    [Fact]
    public async Task Capacity_freed_by_another_process_serves_the_queue_within_one_reconcile_interval()
    {
        await using var h = RoutingHarness.Create();
        await h.DepartmentAsync("d", maxChatsPerAgent: 1);
        var a = await h.AgentAsync("a", "d");
        var busy = await h.ArriveAsync("k1", "d");
        var waiting = await h.ArriveAsync("k2", "d");
        Assert.Equal(ConversationState.Queued, await h.StateAsync(waiting));
        await using var other = OtherProcess.Sharing(h);

        (await other.Conversations.CloseAsync(busy, Actor.Agent(a))).GetValueOrThrow();
        await h.Time.AdvanceByAsync(ReconcileInterval);

        Assert.Equal(a, await h.ServingAsync(waiting));
    }

    [Fact]
    public async Task An_agent_made_available_by_another_process_gets_the_queue_within_one_reconcile_interval()
    {
        await using var h = RoutingHarness.Create();
        await h.DepartmentAsync("d");
        var a = await h.AgentAsync("a", "d", status: AgentStatus.Away);
        var waiting = await h.ArriveAsync("k", "d");
        await using var other = OtherProcess.Sharing(h);

        (await other.Agents.SetStatusAsync(a, AgentStatus.Available)).GetValueOrThrow();
        await h.Time.AdvanceByAsync(ReconcileInterval);

        Assert.Equal(a, await h.ServingAsync(waiting));
    }

    [Fact]
    public async Task Stale_entries_at_the_head_of_the_queue_are_skipped_and_the_live_conversation_behind_them_is_served_at_once()
    {
        await using var h = RoutingHarness.Create();
        var d = await h.DepartmentAsync("d");
        var a = await h.AgentAsync("a", "d", status: AgentStatus.Away);
        var stale = new List<ConversationId>();
        for (var i = 0; i < 4; i++)
        {
            await h.Time.AdvanceByAsync(Duration.FromSeconds(1));
            stale.Add(await h.ArriveAsync($"k{i}", "d"));
        }

        await h.Time.AdvanceByAsync(Duration.FromSeconds(1));
        var live = await h.ArriveAsync("live", "d");
        // Another process closes the four oldest; this router still queues them ahead of the live one.
        await using (var other = OtherProcess.Sharing(h))
        {
            foreach (var id in stale)
            {
                (await other.Conversations.CloseAsync(id, Actor.System)).GetValueOrThrow();
            }
        }

        await h.SetStatusAsync(a, AgentStatus.Available); // an event: the drain runs now, before any reconciliation

        Assert.Equal(a, await h.ServingAsync(live));
        Assert.Empty(await h.QueueOrderAsync(d));
    }

    [Fact]
    public async Task After_a_burst_of_store_faults_every_queued_conversation_is_routed_once_the_store_heals()
    {
        var stores = HarnessStores.CreateNew();
        var faulty = new FaultInjectingConversationStore(stores.Conversations);
        await using var h = RoutingHarness.Create(stores: stores, services: s => s.AddSingleton<IConversationStore>(faulty));
        var d = await h.DepartmentAsync("d");
        for (var i = 0; i < 10; i++)
        {
            await h.AgentAsync($"a{i}", "d", max: 10);
        }

        faulty.Faults.ThrowIOException(ConversationStoreOperation.Save, times: int.MaxValue);
        var arrived = new List<ConversationId>();
        for (var i = 0; i < 100; i++)
        {
            arrived.Add(await h.ArriveAsync($"k{i}", "d")); // stored (a first message is a create); every assignment fails
        }

        Assert.Equal(100, (await h.QueuedAsync(d)).Count);
        faulty.Faults.Clear(); // the store heals; nothing else happens
        await h.Time.AdvanceByAsync(ReconcileInterval);

        Assert.Empty(await h.QueuedAsync(d));
        foreach (var id in arrived)
        {
            Assert.Equal(ConversationState.Taken, await h.StateAsync(id));
        }
    }

    [Fact]
    public async Task Timers_never_fire_after_the_container_is_disposed()
    {
        var stores = HarnessStores.CreateNew();
        var time = new Omnichannel.Testing.Scheduling.VirtualScheduler(RoutingHarness.Start);
        ConversationId conversation;
        await using (var h = RoutingHarness.Create(r => r.Configure(o => o.CloseQueuedAfter = Duration.FromMinutes(2)), stores: stores, time: time))
        {
            await h.DepartmentAsync("d");
            conversation = await h.ArriveAsync("k", "d");
        }

        await time.AdvanceByAsync(Duration.FromMinutes(3));

        Assert.Equal(ConversationState.Queued, (await stores.Conversations.GetAsync(conversation, default))!.State);
    }

    [Fact]
    public async Task A_conversation_moved_back_to_the_queue_goes_to_another_agent_with_room_not_back_to_the_one_who_let_it_go()
    {
        await using var h = RoutingHarness.Create();
        await h.DepartmentAsync("d");
        var a = await h.AgentAsync("a", "d");
        var b = await h.AgentAsync("b", "d");
        var conversation = await h.ArriveAsync("k", "d");
        Assert.Equal(a, await h.ServingAsync(conversation));

        (await h.Conversations.ReturnToQueueAsync(conversation, Actor.Agent(a))).GetValueOrThrow();
        await h.SettleAsync();

        Assert.Equal(b, await h.ServingAsync(conversation));
    }

    [Fact]
    public async Task A_conversation_forwarded_to_a_department_goes_to_another_agent_there_not_back_to_the_forwarder()
    {
        await using var h = RoutingHarness.Create();
        await h.DepartmentAsync("sales");
        var support = await h.DepartmentAsync("support");
        var a = await h.AgentAsync("a", ["sales", "support"]);
        var b = await h.AgentAsync("b", "support");
        var conversation = await h.ArriveAsync("k", "sales");
        Assert.Equal(a, await h.ServingAsync(conversation));

        var forwarded = (await h.Conversations.ForwardAsync(conversation, a, ForwardTarget.ToDepartment(support))).GetValueOrThrow();
        await h.SettleAsync();

        Assert.True(forwarded.Succeeded, forwarded.Message);
        Assert.Equal(b, await h.ServingAsync(conversation));
    }

    [Fact]
    public async Task An_offer_missed_by_the_departments_only_agent_is_offered_to_her_again_while_she_is_idle()
    {
        var timeout = Duration.FromSeconds(20);
        await using var h = RoutingHarness.Create(r => r.Configure(o =>
        {
            o.OfferMode = true;
            o.OfferTimeout = timeout;
        }));
        await h.DepartmentAsync("d");
        var a = await h.AgentAsync("a", "d");
        var conversation = await h.ArriveAsync("k", "d");
        Assert.Single(h.Events.OfType<ConversationOffered>());

        await h.Time.AdvanceByAsync(timeout + Duration.FromMinutes(2)); // missed, then nobody else for two minutes

        var offers = h.Events.OfType<ConversationOffered>();
        Assert.True(offers.Count >= 2, $"offered {offers.Count} time(s)");
        Assert.All(offers, o => Assert.Equal((conversation, a), (o.ConversationId, o.AgentId)));
    }
}
