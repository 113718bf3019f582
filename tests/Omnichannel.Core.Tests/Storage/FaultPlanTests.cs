using Omnichannel.Storage;
using Omnichannel.Testing.Faults;

using static Omnichannel.Core.Tests.Storage.StorageTestData;
using Omnichannel.Conversations;
using Omnichannel.Outbox;

namespace Omnichannel.Core.Tests.Storage;

/// <summary>The fault-injecting stores of Omnichannel.Testing fail exactly the calls their plan names.</summary>
public sealed class FaultPlanTests
{
    [Fact]
    public async Task A_rule_lets_the_skipped_calls_pass_then_fails_the_chosen_number()
    {
        var store = new FaultInjectingConversationStore(new InMemoryConversationStore());
        store.Faults.ThrowIOException(ConversationStoreOperation.Get, times: 2, skip: 1);

        await store.GetAsync(Id, CancellationToken.None);
        await Assert.ThrowsAsync<IOException>(() => store.GetAsync(Id, CancellationToken.None).AsTask());
        await Assert.ThrowsAsync<IOException>(() => store.GetAsync(Id, CancellationToken.None).AsTask());
        await store.GetAsync(Id, CancellationToken.None);

        Assert.Equal(4, store.Faults.CallCount(ConversationStoreOperation.Get));
        Assert.Equal(2, store.Faults.InjectedCount(ConversationStoreOperation.Get));
        Assert.Equal(0, store.Faults.CallCount(ConversationStoreOperation.Save));
    }

    [Fact]
    public async Task Rules_strike_in_the_order_added_and_each_delivers_all_its_faults()
    {
        var store = new FaultInjectingConversationStore(new InMemoryConversationStore());
        store.Faults
            .ThrowConcurrencyConflict(ConversationStoreOperation.Query)
            .ThrowIOException(ConversationStoreOperation.Query);
        var query = new ConversationQuery { DepartmentId = new DepartmentId("d-1") };

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => store.QueryAsync(query, CancellationToken.None).AsTask());
        await Assert.ThrowsAsync<IOException>(() => store.QueryAsync(query, CancellationToken.None).AsTask());
        Assert.Empty(await store.QueryAsync(query, CancellationToken.None));
    }

    [Fact]
    public async Task A_fault_before_the_call_leaves_the_store_untouched()
    {
        var inner = new InMemoryConversationStore();
        var store = new FaultInjectingConversationStore(inner);
        var (created, _) = await inner.CreateOrGetOpenAsync(new ConversationWrite(NewConversation()), CancellationToken.None);
        store.Faults.ThrowIOException(ConversationStoreOperation.Save);

        await Assert.ThrowsAsync<IOException>(() => store.SaveAsync(new ConversationWrite(created with { Topic = "lost" }), CancellationToken.None).AsTask());

        Assert.Equal(1, (await inner.GetAsync(Id, CancellationToken.None))!.Version);
    }

    [Fact]
    public async Task A_fault_after_the_call_stores_the_change_yet_throws()
    {
        var inner = new InMemoryConversationStore();
        var store = new FaultInjectingConversationStore(inner);
        var (created, _) = await inner.CreateOrGetOpenAsync(new ConversationWrite(NewConversation()), CancellationToken.None);
        store.Faults.ThrowIOException(ConversationStoreOperation.Save, timing: FaultTiming.AfterCall);

        await Assert.ThrowsAsync<IOException>(() => store.SaveAsync(new ConversationWrite(created with { Topic = "stored" }), CancellationToken.None).AsTask());

        var stored = await inner.GetAsync(Id, CancellationToken.None);
        Assert.Equal(2, stored!.Version);
        Assert.Equal("stored", stored.Topic);
    }

    [Fact]
    public async Task Clear_lets_every_later_call_pass()
    {
        var store = new FaultInjectingConversationStore(new InMemoryConversationStore());
        store.Faults.ThrowIOException(ConversationStoreOperation.CountServed, times: int.MaxValue);
        await Assert.ThrowsAsync<IOException>(() => store.CountServedAsync(new AgentId("a-1"), null, false, CancellationToken.None).AsTask());

        store.Faults.Clear();

        Assert.Equal(0, await store.CountServedAsync(new AgentId("a-1"), null, false, CancellationToken.None));
        Assert.Equal(1, store.Faults.InjectedCount(ConversationStoreOperation.CountServed));
    }

    [Fact]
    public async Task The_outbox_wrapper_can_make_a_worker_lose_its_completion()
    {
        var inner = new InMemoryConversationStore();
        var outbox = new FaultInjectingOutboxStore(inner);
        await outbox.EnqueueAsync(NewJob(), CancellationToken.None);
        var leased = (await outbox.TryLeaseAsync("worker-1", Start, NodaTime.Duration.FromMinutes(1), null, CancellationToken.None))!;
        outbox.Faults.ThrowConcurrencyConflict(OutboxStoreOperation.Save);

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => outbox.SaveAsync(leased with { Status = OutboxMessageStatus.Delivered }, CancellationToken.None).AsTask());

        Assert.Equal(OutboxMessageStatus.Pending, Assert.Single(await inner.ListByConversationAsync(Id, CancellationToken.None)).Status);
        Assert.Equal(1, outbox.Faults.CallCount(OutboxStoreOperation.TryLease));
    }

    [Fact]
    public void A_plan_refuses_meaningless_rules()
    {
        var plan = new FaultPlan<ConversationStoreOperation>();
        Assert.Throws<ArgumentOutOfRangeException>(() => plan.ThrowIOException(ConversationStoreOperation.Get, times: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => plan.ThrowIOException(ConversationStoreOperation.Get, skip: -1));
        Assert.Throws<ArgumentNullException>(() => plan.Throw(ConversationStoreOperation.Get, null!));
    }
}
