using Microsoft.Extensions.DependencyInjection;
using Omnichannel.Conversations;
using Omnichannel.Core.Tests.TestSupport;
using Omnichannel.Notifications;

namespace Omnichannel.Core.Tests.Notifications;

/// <summary>
/// Publishing is isolated per publisher: a publisher's failure or timeout is its own (logged), the others still run, the
/// operation's result stands; only the caller's own cancellation propagates. Subscribers hear every stored change first.
/// </summary>
public sealed class DomainEventBusTests
{
    /// <summary>A host publisher whose call to a slow service timed out: it throws <see cref="TaskCanceledException"/>.</summary>
    private sealed class TimingOutPublisher : IDomainEventPublisher
    {
        public int Calls;

        public ValueTask PublishAsync(DomainEvent domainEvent, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Calls);
            throw new TaskCanceledException("The push service did not answer within 100 ms.");
        }
    }

    /// <summary>A publisher that honours the caller's token, as a well-behaved one does.</summary>
    private sealed class TokenObservingPublisher : IDomainEventPublisher
    {
        public ValueTask PublishAsync(DomainEvent domainEvent, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return ValueTask.CompletedTask;
        }
    }

    /// <summary>The caller gives up (an aborted HTTP request) while the events of its stored change are being published.</summary>
    private sealed class CallerGivesUp(CancellationTokenSource caller) : IDomainEventPublisher
    {
        public ValueTask PublishAsync(DomainEvent domainEvent, CancellationToken cancellationToken) =>
            domainEvent is ConversationStateChanged { To: ConversationState.Closed } ? new ValueTask(caller.CancelAsync()) : ValueTask.CompletedTask;
    }

    private sealed class CollectingSubscriber : IDomainEventSubscriber
    {
        public List<DomainEvent> Events { get; } = [];

        public void OnEvent(DomainEvent domainEvent) => Events.Add(domainEvent);
    }

    [Fact]
    public async Task A_publisher_that_times_out_is_that_publishers_failure_and_the_publishers_after_it_still_run()
    {
        var timingOut = new TimingOutPublisher();
        // Registered before the recorder: on the old publish loop its TaskCanceledException aborted the loop.
        using var desk = await OmnichannelHarness.CreateAsync(services: s => s.AddSingleton<IDomainEventPublisher>(timingOut));

        var queued = await desk.QueuedAsync();

        Assert.Equal(ConversationState.Queued, queued.State);
        Assert.True(timingOut.Calls >= 2);
        Assert.Contains(desk.Events.OfType<ConversationQueued>(), e => e.Conversation.Id == queued.Id);
    }

    [Fact]
    public async Task The_callers_own_cancellation_propagates_after_the_write_is_stored_and_subscribers_still_hear_of_it()
    {
        using var cancelled = new CancellationTokenSource();
        using var desk = await OmnichannelHarness.CreateAsync(services: s => s
            .AddSingleton<IDomainEventPublisher>(new CallerGivesUp(cancelled))
            .AddSingleton<IDomainEventPublisher>(new TokenObservingPublisher()));
        var subscriber = new CollectingSubscriber();
        using var subscription = desk.Bus.Subscribe(subscriber);
        var taken = await desk.QueuedAsync();

        // Cancelled just after the write: the close is stored, the caller learns it gave up, subscribers heard of it.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => desk.Conversations.CloseAsync(taken.Id, Actor.System, null, cancelled.Token).AsTask());

        Assert.Equal(ConversationState.Closed, (await desk.ReadAsync(taken.Id)).State);
        Assert.Contains(subscriber.Events.OfType<ConversationStateChanged>(), e => e.Conversation.Id == taken.Id && e.To == ConversationState.Closed);
    }

    [Fact]
    public async Task A_subscriber_hears_events_even_with_no_publisher_registered_and_stops_when_disposed()
    {
        var services = new ServiceCollection().AddOmnichannel().BuildServiceProvider();
        await using var _ = services;
        var bus = services.GetRequiredService<IDomainEventBus>();
        var subscriber = new CollectingSubscriber();
        var subscription = bus.Subscribe(subscriber);
        var departments = services.GetRequiredService<Omnichannel.Departments.IDepartmentService>();

        (await departments.SaveAsync(new Departments.Department { Id = Ids.Support, Name = "Support" })).Ok();
        subscription.Dispose();
        (await departments.SaveAsync(new Departments.Department { Id = Ids.Sales, Name = "Sales" })).Ok();

        Assert.Equal(Ids.Support, Assert.Single(subscriber.Events.OfType<DepartmentChanged>()).Department.Id);
    }

    [Fact]
    public async Task A_subscriber_that_throws_is_logged_and_the_others_and_the_publishers_still_hear()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var after = new CollectingSubscriber();
        using var failing = desk.Bus.Subscribe(new ThrowingSubscriber());
        using var subscription = desk.Bus.Subscribe(after);

        var queued = await desk.QueuedAsync();

        Assert.Contains(after.Events.OfType<ConversationQueued>(), e => e.Conversation.Id == queued.Id);
        Assert.Contains(desk.Events.OfType<ConversationQueued>(), e => e.Conversation.Id == queued.Id);
    }

    private sealed class ThrowingSubscriber : IDomainEventSubscriber
    {
        public void OnEvent(DomainEvent domainEvent) => throw new InvalidOperationException("subscriber bug");
    }
}
