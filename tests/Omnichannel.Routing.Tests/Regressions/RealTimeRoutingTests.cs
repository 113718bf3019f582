using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Omnichannel.Agents;
using Omnichannel.Contacts;
using Omnichannel.Conversations;
using Omnichannel.Departments;
using Omnichannel.Operations;
using Omnichannel.Outbox;
using Omnichannel.Storage;

namespace Omnichannel.Routing.Tests.Regressions;

/// <summary>
/// Issue 10, in real time (the system clock and scheduler, the dispatcher on its own task): a queue limit beyond the
/// platform's timer limit, and timers that outlived their container. Both failed on commit 162177e.
/// </summary>
public class RealTimeRoutingTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private static readonly DepartmentId D = new("d");

    private static ServiceProvider Container(InMemoryConversationStore store, Action<RoutingOptions> configure) =>
        new ServiceCollection()
            .AddSingleton(store)
            .AddSingleton<IConversationStore>(store)
            .AddSingleton<IOutboxStore>(store)
            .AddOmnichannel()
            .AddOmnichannelRouting(r => r.Configure(configure))
            .BuildServiceProvider();

    private static async Task<ConversationId> ArriveAsync(IServiceProvider services, string contact)
    {
        await services.GetRequiredService<IContactStore>().SaveAsync(new Contact { Id = new ContactId(contact), Name = contact }, default);
        return (await services.GetRequiredService<IConversationService>().ReceiveContactMessageAsync(new ContactId(contact), D, "hello")).GetValueOrThrow().Id;
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
    public async Task A_queue_limit_of_60_days_is_accepted_and_conversations_are_still_routed()
    {
        await using var services = Container(new InMemoryConversationStore(), o => o.CloseQueuedAfter = Duration.FromDays(60));
        await services.GetRequiredService<IRoutingService>().StartAsync();
        (await services.GetRequiredService<IDepartmentService>().SaveAsync(new Department { Id = D, Name = "D" })).GetValueOrThrow();
        var a = (await services.GetRequiredService<IAgentService>().RegisterAsync(new Agent { Id = new AgentId("a"), Username = "a", Departments = [D], Status = AgentStatus.Available })).GetValueOrThrow();

        var conversation = await ArriveAsync(services, "k");

        var served = await EventuallyAsync(async () => (await services.GetRequiredService<IConversationService>().GetAsync(conversation))!, c => c.State == ConversationState.Taken);
        Assert.Equal(a.Id, served.ServingAgentId);
    }

    [Fact]
    public async Task Timers_of_a_disposed_container_never_close_a_conversation()
    {
        var store = new InMemoryConversationStore();
        ConversationId conversation;
        await using (var services = Container(store, o => o.CloseQueuedAfter = Duration.FromSeconds(2)))
        {
            var routing = services.GetRequiredService<IRoutingService>();
            await routing.StartAsync();
            (await services.GetRequiredService<IDepartmentService>().SaveAsync(new Department { Id = D, Name = "D" })).GetValueOrThrow();
            conversation = await ArriveAsync(services, "k");
            // The router has seen it (its queue-limit timer is set) before the container goes.
            Assert.Single(await EventuallyAsync(async () => await routing.GetQueueAsync(D), q => q.Count == 1));
        }

        await Task.Delay(TimeSpan.FromSeconds(3)); // past the queue limit

        Assert.Equal(ConversationState.Queued, (await store.GetAsync(conversation, default))!.State);
    }
}
