using NodaTime;
using Omnichannel.Agents;
using Omnichannel.Notifications;
using Omnichannel.Testing;
using static Omnichannel.Core.Tests.Storage.StorageTestData;

namespace Omnichannel.Core.Tests.Storage;

/// <summary>The recording publisher of Omnichannel.Testing.</summary>
public sealed class RecordingDomainEventPublisherTests
{
    [Fact]
    public async Task Records_events_in_order_with_typed_accessors()
    {
        var recorder = new RecordingDomainEventPublisher();
        var away = Status("a-1", AgentStatus.Away, 1);
        var typing = new TypingChanged(Start, Id, Omnichannel.Conversations.Actor.Agent(new AgentId("a-1")), true);
        var back = Status("a-1", AgentStatus.Available, 2);

        foreach (var domainEvent in new DomainEvent[] { away, typing, back })
        {
            await recorder.PublishAsync(domainEvent, CancellationToken.None);
        }

        Assert.Equal(new DomainEvent[] { away, typing, back }, recorder.Events);
        Assert.Equal([away, back], recorder.OfType<AgentStatusChanged>());
        Assert.Same(back, recorder.LastOfType<AgentStatusChanged>());
        Assert.Null(recorder.LastOfType<ForwardCompleted>());
        Assert.Equal(3, recorder.Count);
    }

    [Fact]
    public async Task Clear_forgets_and_snapshots_stay_unchanged()
    {
        var recorder = new RecordingDomainEventPublisher();
        await recorder.PublishAsync(Status("a-1", AgentStatus.Away, 1), CancellationToken.None);
        var snapshot = recorder.Events;

        recorder.Clear();
        await recorder.PublishAsync(Status("a-2", AgentStatus.Away, 2), CancellationToken.None);

        Assert.Single(snapshot);
        Assert.Equal(new AgentId("a-2"), Assert.IsType<AgentStatusChanged>(Assert.Single(recorder.Events)).Agent.Id);
    }

    [Fact]
    public async Task Concurrent_publishers_lose_no_event()
    {
        const int Threads = 8;
        const int PerThread = 500;
        var recorder = new RecordingDomainEventPublisher();

        await Task.WhenAll(Enumerable.Range(0, Threads).Select(t => Task.Run(async () =>
        {
            for (var i = 0; i < PerThread; i++)
            {
                await recorder.PublishAsync(Status($"a-{t}", AgentStatus.Away, i), CancellationToken.None);
            }
        })));

        Assert.Equal(Threads * PerThread, recorder.Count);
        Assert.Equal(Threads * PerThread, recorder.OfType<AgentStatusChanged>().Distinct(ReferenceEqualityComparer.Instance).Count());
    }

    private static AgentStatusChanged Status(string agent, AgentStatus status, int seconds) =>
        new(Start + Duration.FromSeconds(seconds), new Agent { Id = new AgentId(agent), Username = agent, Status = status }, AgentStatus.Available);
}
