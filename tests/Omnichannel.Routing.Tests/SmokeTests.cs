using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Omnichannel;
using Omnichannel.Agents;
using Omnichannel.Contacts;
using Omnichannel.Conversations;
using Omnichannel.Departments;
using Omnichannel.Operations;
using Omnichannel.Routing;
using Omnichannel.Routing.Scheduling;
using Omnichannel.Storage;
using Omnichannel.Testing.Scheduling;

namespace Omnichannel.Routing.Tests;

public class SmokeTests
{
    [Fact]
    public async Task Queued_conversations_are_assigned_and_freed_capacity_pulls_the_queue()
    {
        var time = new VirtualScheduler(Instant.FromUtc(2026, 1, 1, 9, 0));
        await using var sp = new ServiceCollection().AddSingleton<IClock>(time).AddSingleton<IScheduler>(time)
            .AddOmnichannel().AddOmnichannelRouting(r => r.UseLoadBalancing()).BuildServiceProvider();
        var departments = sp.GetRequiredService<IDepartmentService>();
        var agents = sp.GetRequiredService<IAgentService>();
        var contacts = sp.GetRequiredService<IContactStore>();
        var conversations = sp.GetRequiredService<IConversationService>();
        // Without a generic host, the host starts routing itself; it then runs as work on the virtual scheduler.
        await sp.GetRequiredService<IRoutingService>().StartAsync();
        var d = new DepartmentId("d");
        (await departments.SaveAsync(new Department { Id = d, Name = "D", MaxChatsPerAgent = 1 })).GetValueOrThrow();
        for (var i = 0; i < 2; i++)
        {
            (await agents.RegisterAsync(new Agent { Id = new AgentId($"a{i}"), Username = $"a{i}", Departments = [d], Status = AgentStatus.Available })).GetValueOrThrow();
        }

        var ids = new List<ConversationId>();
        for (var i = 0; i < 3; i++)
        {
            await contacts.SaveAsync(new Contact { Id = new ContactId($"c{i}"), Name = $"C{i}" }, default);
            ids.Add((await conversations.ReceiveContactMessageAsync(new ContactId($"c{i}"), d, "hi")).GetValueOrThrow().Id);
        }

        await time.AdvanceByAsync(Duration.Zero); // let the dispatcher run
        var states = new List<Conversation>();
        foreach (var id in ids) states.Add((await conversations.GetAsync(id))!);
        Assert.Equal(ConversationState.Taken, states[0].State);
        Assert.Equal(ConversationState.Taken, states[1].State);
        Assert.Equal(ConversationState.Queued, states[2].State);
        Assert.NotEqual(states[0].ServingAgentId, states[1].ServingAgentId);

        (await conversations.CloseAsync(ids[0], Actor.Agent(states[0].ServingAgentId!.Value))).GetValueOrThrow();
        await time.AdvanceByAsync(Duration.Zero);
        var third = (await conversations.GetAsync(ids[2]))!;
        Assert.Equal(ConversationState.Taken, third.State);
        Assert.Equal(states[0].ServingAgentId, third.ServingAgentId);
    }
}
