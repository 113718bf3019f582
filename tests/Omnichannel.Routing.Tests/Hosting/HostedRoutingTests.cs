using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NodaTime;
using Omnichannel.Agents;
using Omnichannel.Contacts;
using Omnichannel.Conversations;
using Omnichannel.Departments;
using Omnichannel.Operations;
using Omnichannel.Outbox;
using Omnichannel.Storage;

namespace Omnichannel.Routing.Tests.Hosting;

/// <summary>
/// With a generic host, in real time: the hosted service starts the dispatcher loop, operations return as soon as their
/// write is stored (routing follows on the loop), and stopping the host stops routing and its timers.
/// </summary>
public class HostedRoutingTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private static readonly DepartmentId D = new("d");

    /// <summary>A store whose assignment writes wait at a gate: shows that a caller never waits for routing.</summary>
    private sealed class GatedAssignments(IConversationStore inner) : IConversationStore
    {
        public TaskCompletionSource Gate { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public ValueTask<Conversation?> GetAsync(ConversationId id, CancellationToken cancellationToken) => inner.GetAsync(id, cancellationToken);

        public ValueTask<(Conversation Conversation, bool Created)> CreateOrGetOpenAsync(ConversationWrite write, CancellationToken cancellationToken) => inner.CreateOrGetOpenAsync(write, cancellationToken);

        public ValueTask<IReadOnlyList<Message>> ReadMessagesAsync(ConversationId id, int afterSequence, int limit, CancellationToken cancellationToken) => inner.ReadMessagesAsync(id, afterSequence, limit, cancellationToken);

        public async ValueTask<Conversation> SaveAsync(ConversationWrite write, CancellationToken cancellationToken)
        {
            if (write.Claim is not null)
            {
                await Gate.Task.WaitAsync(cancellationToken);
            }

            return await inner.SaveAsync(write, cancellationToken);
        }

        public ValueTask<IReadOnlyList<Conversation>> QueryAsync(ConversationQuery query, CancellationToken cancellationToken) => inner.QueryAsync(query, cancellationToken);

        public ValueTask<int> CountServedAsync(AgentId agent, DepartmentId? department, bool countOnHold, CancellationToken cancellationToken) => inner.CountServedAsync(agent, department, countOnHold, cancellationToken);
    }

    private static async Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> done)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var value = await read();
            if (done(value) || DateTime.UtcNow > deadline)
            {
                return value;
            }

            await Task.Delay(10);
        }
    }

    [Fact]
    public async Task The_host_runs_the_dispatcher_callers_return_before_routing_and_stopping_the_host_stops_routing()
    {
        var memory = new InMemoryConversationStore();
        var store = new GatedAssignments(memory);
        var builder = Host.CreateApplicationBuilder();
        builder.Services
            .AddSingleton<IConversationStore>(store)
            .AddSingleton<IOutboxStore>(memory)
            .AddOmnichannel()
            .AddOmnichannelRouting(r => r.Configure(o => o.CloseQueuedAfter = Duration.FromSeconds(2)));
        using var host = builder.Build();
        await host.StartAsync();
        var services = host.Services;
        var conversations = services.GetRequiredService<IConversationService>();
        (await services.GetRequiredService<IDepartmentService>().SaveAsync(new Department { Id = D, Name = "D" })).GetValueOrThrow();
        var a = (await services.GetRequiredService<IAgentService>().RegisterAsync(new Agent { Id = new AgentId("a"), Username = "a", Departments = [D], Status = AgentStatus.Available })).GetValueOrThrow();
        await services.GetRequiredService<IContactStore>().SaveAsync(new Contact { Id = new ContactId("k"), Name = "k" }, default);

        // The arrival returns while the router's assignment still waits at the store's gate.
        var arrived = (await conversations.ReceiveContactMessageAsync(new ContactId("k"), D, "hello")).GetValueOrThrow();
        Assert.Equal(ConversationState.Queued, arrived.State);
        store.Gate.SetResult();
        var served = await EventuallyAsync(async () => (await conversations.GetAsync(arrived.Id))!, c => c.State == ConversationState.Taken);
        Assert.Equal(a.Id, served.ServingAgentId);

        // A second conversation waits (a is Away); then the host stops: its queue-limit timer must never close it.
        (await services.GetRequiredService<IAgentService>().SetStatusAsync(a.Id, AgentStatus.Away)).GetValueOrThrow();
        await services.GetRequiredService<IContactStore>().SaveAsync(new Contact { Id = new ContactId("k2"), Name = "k2" }, default);
        var waiting = (await conversations.ReceiveContactMessageAsync(new ContactId("k2"), D, "hello")).GetValueOrThrow();
        Assert.Single(await EventuallyAsync(async () => await services.GetRequiredService<IRoutingService>().GetQueueAsync(D), q => q.Count == 1));
        await host.StopAsync();
        await Task.Delay(TimeSpan.FromSeconds(2.5)); // past the queue limit

        Assert.Equal(ConversationState.Queued, (await memory.GetAsync(waiting.Id, default))!.State);
    }
}
