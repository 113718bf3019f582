using Microsoft.Extensions.DependencyInjection;
using Omnichannel.Agents;
using Omnichannel.Conversations;
using Omnichannel.Routing.Tests.Support;
using Omnichannel.Storage;

namespace Omnichannel.Routing.Tests.Dispatch;

/// <summary>
/// A read of a department's queue that the view holds empty goes to the view whole (no per-conversation comparison first):
/// versions the view applied already must still change nothing, and the host's callbacks are not asked about them.
/// </summary>
public class StaleQueueReadTests
{
    /// <summary>Answers queued-conversation reads with a snapshot taken earlier, while one is set (a read that lags behind the writes).</summary>
    private sealed class LaggingQueueReads(IConversationStore inner) : IConversationStore
    {
        public IReadOnlyList<Conversation>? Snapshot { get; set; }

        public ValueTask<Conversation?> GetAsync(ConversationId id, CancellationToken cancellationToken) => inner.GetAsync(id, cancellationToken);

        public ValueTask<(Conversation Conversation, bool Created)> CreateOrGetOpenAsync(ConversationWrite write, CancellationToken cancellationToken) =>
            inner.CreateOrGetOpenAsync(write, cancellationToken);

        public ValueTask<IReadOnlyList<Message>> ReadMessagesAsync(ConversationId id, int afterSequence, int limit, CancellationToken cancellationToken) =>
            inner.ReadMessagesAsync(id, afterSequence, limit, cancellationToken);

        public ValueTask<Conversation> SaveAsync(ConversationWrite write, CancellationToken cancellationToken) => inner.SaveAsync(write, cancellationToken);

        public ValueTask<IReadOnlyList<Conversation>> QueryAsync(ConversationQuery query, CancellationToken cancellationToken) =>
            Snapshot is { } snapshot && query.States is { Count: 1 } states && states.Contains(ConversationState.Queued) && query.DepartmentId is not null
                ? ValueTask.FromResult(snapshot)
                : inner.QueryAsync(query, cancellationToken);

        public ValueTask<int> CountServedAsync(AgentId agent, DepartmentId? department, bool countOnHold, CancellationToken cancellationToken) =>
            inner.CountServedAsync(agent, department, countOnHold, cancellationToken);
    }

    [Fact]
    public async Task A_lagging_read_of_a_queue_the_view_holds_empty_requeues_nothing_and_asks_the_host_nothing()
    {
        var stores = HarnessStores.CreateNew();
        var reads = new LaggingQueueReads(stores.Conversations);
        var skillQuestions = 0;
        await using var h = RoutingHarness.Create(
            r => r.Configure(o => o.RequiredSkills = _ =>
            {
                skillQuestions++;
                return [];
            }),
            stores: stores,
            services: s => s.AddSingleton<IConversationStore>(reads));
        await h.DepartmentAsync("d", maxChatsPerAgent: 1);
        var a = await h.AgentAsync("a", "d", status: AgentStatus.Away);
        var b = await h.AgentAsync("b", "d", status: AgentStatus.Away);
        var conversation = await h.ArriveAsync("k", "d");
        var whileQueued = await h.QueuedAsync(new DepartmentId("d"));
        await h.SetStatusAsync(a, AgentStatus.Available);
        Assert.Equal(a, await h.ServingAsync(conversation));
        await h.SetStatusAsync(b, AgentStatus.Available);
        var asked = skillQuestions;

        reads.Snapshot = whileQueued; // the next reconciliation reads the queue as it was before the take
        await h.Routing.DispatchAsync();
        await h.SettleAsync();

        Assert.Empty(await h.QueueOrderAsync(new DepartmentId("d")));
        Assert.Equal(a, await h.ServingAsync(conversation));
        Assert.Empty(await h.ServedByAsync(b)); // the stale queuing was not offered to b
        Assert.Equal(asked, skillQuestions);
    }
}
