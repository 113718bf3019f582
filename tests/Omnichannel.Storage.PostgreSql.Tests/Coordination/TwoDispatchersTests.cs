using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Omnichannel.Agents;
using Omnichannel.Contacts;
using Omnichannel.Conversations;
using Omnichannel.Departments;
using Omnichannel.Lifecycle;
using Omnichannel.Notifications;
using Omnichannel.Operations;
using Omnichannel.Routing;
using Omnichannel.Routing.Coordination;
using Omnichannel.Testing;
using Xunit.Abstractions;

namespace Omnichannel.Storage.PostgreSql.Tests.Coordination;

/// <summary>
/// Correctness never depends on the lease: two routers that both believe they hold one department (a coordinator that
/// grants every lease to everyone) drain its queue at the same time, and the store's atomic claim still lets each
/// conversation be assigned once and no agent exceed their limit.
/// </summary>
public sealed class TwoDispatchersTests(StorageFixture fixture, ITestOutputHelper output) : IClassFixture<StorageFixture>
{
    private const int Agents = 5;
    private const int Limit = 2;
    private const int Conversations = 60;

    [Fact]
    public async Task Two_routers_dispatching_one_department_at_once_never_assign_a_conversation_twice_nor_overrun_an_agent()
    {
        var database = await fixture.ResetAsync();
        var department = new DepartmentId("d");
        await database.Departments.SaveAsync(new Department { Id = department, Name = "d" }, CancellationToken.None);
        for (var i = 0; i < Agents; i++)
        {
            await database.Agents.SaveAsync(new Agent { Id = new AgentId($"a{i}"), Username = $"a{i}", Departments = [department], MaxSimultaneousConversations = Limit, Status = AgentStatus.Available }, CancellationToken.None);
        }

        // The users' process: no router, so every conversation waits for the two routers below.
        await using var users = new ServiceCollection().AddOmnichannel().AddOmnichannelPostgreSql(fixture.ConnectionString).BuildServiceProvider();
        var service = users.GetRequiredService<IConversationService>();
        for (var i = 0; i < Conversations; i++)
        {
            var contact = new ContactId($"k{i}");
            await database.Contacts.SaveAsync(new Contact { Id = contact, Name = contact.Value }, CancellationToken.None);
            Assert.True((await service.ReceiveContactMessageAsync(contact, department, "hello")).Succeeded);
        }

        var (first, firstEvents) = Router();
        var (second, secondEvents) = Router();
        await using (first)
        await using (second)
        {
            await Task.WhenAll(first.GetRequiredService<IRoutingService>().StartAsync().AsTask(), second.GetRequiredService<IRoutingService>().StartAsync().AsTask());
            var closed = 0;
            var watch = Stopwatch.StartNew();
            while (closed < Conversations)
            {
                Assert.True(watch.Elapsed < TimeSpan.FromSeconds(60), $"Only {closed} of {Conversations} conversations were served.");
                var served = await database.Conversations.QueryAsync(new() { DepartmentId = department, States = [ConversationState.Taken] }, CancellationToken.None);
                Assert.All(served.GroupBy(c => c.ServingAgentId), g => Assert.True(g.Count() <= Limit, $"Agent {g.Key} serves {g.Count()} (limit {Limit})."));
                if (served.Count == Math.Min(Agents * Limit, Conversations - closed))
                {
                    // Every slot is full: free them all at once, so both routers race for the next batch.
                    foreach (var conversation in served)
                    {
                        Assert.True((await service.CloseAsync(conversation.Id, Actor.System)).Succeeded);
                        closed++;
                    }
                }

                await Task.Delay(20);
            }
        }

        var takes = firstEvents.OfType<ConversationStateChanged>().Concat(secondEvents.OfType<ConversationStateChanged>())
            .Where(e => e.Trigger == ConversationTrigger.Take && e.Actor == Actor.System).ToList();
        output.WriteLine($"assignments: first router {firstEvents.OfType<ConversationStateChanged>().Count(e => e.Trigger == ConversationTrigger.Take)}, second {secondEvents.OfType<ConversationStateChanged>().Count(e => e.Trigger == ConversationTrigger.Take)}");
        Assert.Equal(Conversations, takes.Count);
        Assert.Equal(Conversations, takes.Select(t => t.Conversation.Id).Distinct().Count());
    }

    private (ServiceProvider Provider, RecordingDomainEventPublisher Events) Router()
    {
        var events = new RecordingDomainEventPublisher();
        var provider = new ServiceCollection()
            .AddOmnichannel()
            .AddOmnichannelPostgreSql(fixture.ConnectionString)
            .AddOmnichannelRouting(r => r.UseLoadBalancing().Configure(o => o.ReconcileInterval = Duration.FromMilliseconds(200)))
            .AddSingleton<IRoutingCoordinator>(new EveryoneHoldsEverything())
            .AddSingleton<IDomainEventPublisher>(events)
            .BuildServiceProvider();
        return (provider, events);
    }

    /// <summary>A coordinator that grants every lease to every router: the worst a broken lease could do.</summary>
    private sealed class EveryoneHoldsEverything : IRoutingCoordinator
    {
        public ValueTask<IReadOnlyList<DepartmentLease>> AcquireAsync(IReadOnlyList<DepartmentId> departments, string holder, Duration duration, CancellationToken cancellationToken) =>
            ValueTask.FromResult<IReadOnlyList<DepartmentLease>>([.. departments.Select(d => new DepartmentLease(d, holder, Instant.MaxValue))]);

        public ValueTask ReleaseAsync(DepartmentLease lease, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public void Wake(DepartmentId department)
        {
        }

        public IDisposable Subscribe(Action<DepartmentId> onWake) => new Nothing();

        private sealed class Nothing : IDisposable
        {
            public void Dispose()
            {
            }
        }
    }
}
