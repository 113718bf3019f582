using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Testing;
using Omnichannel.Agents;
using Omnichannel.Contacts;
using Omnichannel.Conversations;
using Omnichannel.Departments;
using Omnichannel.DependencyInjection;
using Omnichannel.Lifecycle;
using Omnichannel.Notifications;
using Omnichannel.Operations;
using Omnichannel.Storage;
using Omnichannel.Testing;
using Omnichannel.Testing.Faults;

using static Omnichannel.Core.Tests.Storage.StorageTestData;
using Omnichannel.Outbox;

namespace Omnichannel.Core.Tests.Storage;

/// <summary>
/// The fakes of Omnichannel.Testing wired into the library as an integrator would: the read-decide-write loop
/// retries lost races, gives up with a Conflict result, lets infrastructure failures through, and publishes
/// events only for changes that were stored.
/// </summary>
public sealed class StoreFaultsThroughTheServiceTests
{
    private static readonly DepartmentId Support = new("d-1");
    private static readonly AgentId Ana = new("a-1");

    [Fact]
    public async Task Conversations_get_sequential_ids_from_the_generator()
    {
        using var world = await World.CreateAsync();

        var first = await world.Conversations.ReceiveContactMessageAsync(new ContactId("k-1"), Support, "Hello");
        var second = await world.Conversations.ReceiveContactMessageAsync(new ContactId("k-2"), Support, "Hi");

        Assert.Equal("c-1", first.Value?.Id.Value);
        Assert.Equal("c-2", second.Value?.Id.Value);
        Assert.Equal(2, world.Ids.Issued);
    }

    [Fact]
    public async Task Take_retries_after_lost_races_and_publishes_one_transition()
    {
        using var world = await World.CreateAsync();
        var queued = (await world.Conversations.ReceiveContactMessageAsync(new ContactId("k-1"), Support, "Hello")).Value!;
        world.Events.Clear();
        world.Store.Faults.ThrowConcurrencyConflict(ConversationStoreOperation.Save, times: 3);

        var taken = await world.Conversations.TakeAsync(queued.Id, Ana);

        Assert.True(taken.Succeeded, taken.Error?.Message);
        Assert.Equal(Ana, taken.Value!.ServingAgentId);
        Assert.Equal(4, world.Store.Faults.CallCount(ConversationStoreOperation.Save));
        Assert.Equal(ConversationTrigger.Take, Assert.Single(world.Events.OfType<ConversationStateChanged>()).Trigger);
    }

    [Fact]
    public async Task Take_answers_Conflict_after_MaxWriteAttempts_lost_races_and_changes_nothing()
    {
        using var world = await World.CreateAsync(o => o.MaxWriteAttempts = 3);
        var queued = (await world.Conversations.ReceiveContactMessageAsync(new ContactId("k-1"), Support, "Hello")).Value!;
        world.Events.Clear();
        world.Store.Faults.ThrowConcurrencyConflict(ConversationStoreOperation.Save, times: int.MaxValue);

        var taken = await world.Conversations.TakeAsync(queued.Id, Ana);

        Assert.Equal(OperationErrorCode.Conflict, taken.Error?.Code);
        Assert.Contains("3 attempts", taken.Error!.Message, StringComparison.Ordinal);
        Assert.Equal(3, world.Store.Faults.CallCount(ConversationStoreOperation.Save));
        Assert.Equal(0, world.Events.Count);
        Assert.Equal(ConversationState.Queued, (await world.Conversations.GetAsync(queued.Id))!.State);
    }

    [Fact]
    public async Task A_store_failure_reaches_the_caller_and_publishes_nothing()
    {
        using var world = await World.CreateAsync();
        var queued = (await world.Conversations.ReceiveContactMessageAsync(new ContactId("k-1"), Support, "Hello")).Value!;
        world.Events.Clear();
        world.Store.Faults.ThrowIOException(ConversationStoreOperation.Save);

        await Assert.ThrowsAsync<IOException>(() => world.Conversations.TakeAsync(queued.Id, Ana).AsTask());

        Assert.Empty(world.Events.Events);
        Assert.Equal(ConversationState.Queued, (await world.Conversations.GetAsync(queued.Id))!.State);
    }

    [Fact]
    public async Task Lifecycle_steps_of_a_long_conversation_never_read_its_messages()
    {
        using var world = await World.CreateAsync();
        var contact = new ContactId("k-1");
        var id = (await world.Conversations.ReceiveContactMessageAsync(contact, Support, "Hello")).GetValueOrThrow().Id;
        (await world.Conversations.TakeAsync(id, Ana)).GetValueOrThrow();
        for (var i = 0; i < 300; i++)
        {
            (await world.Conversations.PostAgentMessageAsync(id, Ana, $"answer {i}")).GetValueOrThrow();
            (await world.Conversations.ReceiveContactMessageAsync(contact, Support, $"question {i}")).GetValueOrThrow();
        }

        (await world.Conversations.PostAgentMessageAsync(id, Ana, "One moment.")).GetValueOrThrow();
        (await world.Conversations.PlaceOnHoldAsync(id, Ana)).GetValueOrThrow();
        (await world.Conversations.ResumeAsync(id, Ana)).GetValueOrThrow();
        var info = (await world.Conversations.GetRoomInformationAsync(id, Actor.System)).GetValueOrThrow();
        var closed = (await world.Conversations.CloseAsync(id, Actor.Agent(Ana))).GetValueOrThrow();

        Assert.Equal(0, world.Store.Faults.CallCount(ConversationStoreOperation.ReadMessages));
        // 602 written by the contact and the agent, and the system messages of the take, the hold, the resume and the close.
        Assert.Equal(606, closed.MessageCount);
        Assert.Equal(301, closed.ResponseCount);
        Assert.NotNull(info.AverageResponseTime);
        Assert.Equal(606, (await world.Store.ReadMessagesAsync(id, 0, 1_000, CancellationToken.None)).Count);
    }

    /// <summary>The library over a fault-injecting in-memory store, with a recording publisher and sequential ids.</summary>
    private sealed class World : IDisposable
    {
        private readonly ServiceProvider _provider;

        private World(Action<OmnichannelOptions>? configure)
        {
            var inner = new InMemoryConversationStore();
            Store = new FaultInjectingConversationStore(inner);
            _provider = new ServiceCollection()
                .AddSingleton<IClock>(new FakeClock(Start))
                .AddSingleton<IConversationStore>(Store)
                .AddSingleton<IOutboxStore>(inner)
                .AddSingleton<IConversationIdGenerator>(Ids)
                .AddSingleton<IDomainEventPublisher>(Events)
                .AddOmnichannel(configure)
                .BuildServiceProvider();
            Conversations = _provider.GetRequiredService<IConversationService>();
        }

        public FaultInjectingConversationStore Store { get; }

        public RecordingDomainEventPublisher Events { get; } = new();

        public SequentialConversationIdGenerator Ids { get; } = new();

        public IConversationService Conversations { get; }

        public static async Task<World> CreateAsync(Action<OmnichannelOptions>? configure = null)
        {
            var world = new World(configure);
            var provider = world._provider;
            (await provider.GetRequiredService<IDepartmentService>().SaveAsync(new Department { Id = Support, Name = "Support" })).GetValueOrThrow();
            (await provider.GetRequiredService<IAgentService>().RegisterAsync(new Agent { Id = Ana, Username = "ana", Departments = [Support], Status = AgentStatus.Available })).GetValueOrThrow();
            var contacts = provider.GetRequiredService<IContactStore>();
            await contacts.SaveAsync(new Contact { Id = new ContactId("k-1"), Name = "Carla" }, CancellationToken.None);
            await contacts.SaveAsync(new Contact { Id = new ContactId("k-2"), Name = "Davi" }, CancellationToken.None);
            return world;
        }

        public void Dispose() => _provider.Dispose();
    }
}
