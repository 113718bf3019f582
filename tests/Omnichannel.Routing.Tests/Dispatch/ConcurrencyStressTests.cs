using System.Collections.Concurrent;
using Omnichannel.Agents;
using Omnichannel.Conversations;
using Omnichannel.Routing.Tests.Support;

namespace Omnichannel.Routing.Tests.Dispatch;

/// <summary>
/// Arrivals, closes, holds, contact replies and status changes from several threads at once, released together by a
/// barrier, while the dispatcher runs its passes on another thread (it runs as soon as virtual time is advanced, and one
/// more thread advances it by zero, again and again); then one dispatch pass, and the invariants checked against the stores.
/// </summary>
public class ConcurrencyStressTests
{
    private const int Threads = 4;
    private const int OperationsPerThread = 500;

    [Theory]
    [InlineData(1, false)]
    [InlineData(2, true)]
    [InlineData(3, false)]
    public async Task Parallel_arrivals_closes_and_status_changes_keep_every_invariant(int seed, bool countOnHold)
    {
        await using var h = RoutingHarness.Create(r => r.UseLoadBalancing(), core: o => o.CountOnHoldTowardCapacity = countOnHold);
        string[] departments = ["d0", "d1", "d2"];
        var departmentIds = new List<DepartmentId>
        {
            await h.DepartmentAsync("d0", maxChatsPerAgent: 2),
            await h.DepartmentAsync("d1", maxChatsPerAgent: 1),
            await h.DepartmentAsync("d2"),
        };
        var agents = new List<AgentId>();
        for (var i = 0; i < 8; i++)
        {
            agents.Add(await h.AgentAsync($"a{i}", [departments[i % 3], departments[(i + 1) % 3]], max: i % 4));
        }

        var open = new ConcurrentBag<ConversationId>();
        using var barrier = new Barrier(Threads);
        var failures = new ConcurrentQueue<Exception>();
        var workers = Enumerable.Range(0, Threads).Select(thread => Task.Factory.StartNew(async () =>
        {
            var random = new Random((seed * 100) + thread);
            barrier.SignalAndWait();
            for (var i = 0; i < OperationsPerThread; i++)
            {
                try
                {
                    await RandomOperationAsync(h, random, thread, i, departments, agents, open);
                }
                catch (Exception exception)
                {
                    failures.Enqueue(exception);
                }
            }
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap()).ToArray();
        // The dispatcher's thread: passes run concurrently with the operations (one thread advances virtual time).
        using var stop = new CancellationTokenSource();
        var dispatcher = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await h.SettleAsync();
                await Task.Yield();
            }
        });
        await Task.WhenAll(workers);
        await stop.CancelAsync();
        await dispatcher;
        Assert.Empty(failures);

        await h.Routing.DispatchAsync();
        var violations = await new RoutingInvariants(h, agents, departmentIds).CheckAsync(eventsInOrder: false);
        Assert.True(violations.Count == 0, string.Join(Environment.NewLine, violations));
        Assert.True(open.Count > Threads * OperationsPerThread / 3, "too few arrivals to mean anything");
    }

    private static async Task RandomOperationAsync(RoutingHarness h, Random random, int thread, int i, string[] departments, List<AgentId> agents, ConcurrentBag<ConversationId> open)
    {
        var roll = random.Next(100);
        var service = h.Conversations;
        if (roll < 45)
        {
            await h.ContactAsync($"k{thread}-{i}");
            var arrived = await service.ReceiveContactMessageAsync(new ContactId($"k{thread}-{i}"), new DepartmentId(departments[random.Next(departments.Length)]), "hi");
            open.Add(arrived.GetValueOrThrow().Id);
        }
        else if (roll < 70)
        {
            var status = random.Next(4) switch { 0 => AgentStatus.Offline, 1 => AgentStatus.Away, _ => AgentStatus.Available };
            (await h.Agents.SetStatusAsync(agents[random.Next(agents.Count)], status)).GetValueOrThrow();
        }
        else if (Pick(open, random) is { } id)
        {
            // Refusals are expected here (already closed, not taken, not the last writer...): only exceptions fail.
            var conversation = (await service.GetAsync(id))!;
            if (roll < 88)
            {
                _ = await service.CloseAsync(id, Actor.System);
            }
            else if (roll < 95 && conversation is { State: ConversationState.Taken, ServingAgentId: { } agent })
            {
                if ((await service.PostAgentMessageAsync(id, agent, "one moment")).Succeeded)
                {
                    _ = await service.PlaceOnHoldAsync(id, agent);
                }
            }
            else if (conversation.IsOpen)
            {
                _ = await service.ReceiveContactMessageAsync(conversation.ContactId, conversation.DepartmentId, "still there?");
            }
        }
    }

    private static ConversationId? Pick(ConcurrentBag<ConversationId> open, Random random)
    {
        var snapshot = open.ToArray();
        return snapshot.Length == 0 ? null : snapshot[random.Next(snapshot.Length)];
    }
}
