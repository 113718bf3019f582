using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Omnichannel.Conversations;
using Omnichannel.Core.Tests.TestSupport;
using Omnichannel.Notifications;
using Omnichannel.Scheduling;

namespace Omnichannel.Core.Tests.Operations;

/// <summary>The typing indicator, throttled and expiring, so a host can forward its events to screens as they are.</summary>
public sealed class TypingIndicatorTests
{
    private static async Task<(OmnichannelHarness Desk, FakeClockScheduler Scheduler)> CreateAsync(Action<DependencyInjection.OmnichannelOptions>? configure = null)
    {
        FakeClockScheduler? scheduler = null;
        var desk = await OmnichannelHarness.CreateAsync(configure, services => services.AddSingleton<IWorkScheduler>(sp => scheduler ??= new FakeClockScheduler((NodaTime.Testing.FakeClock)sp.GetRequiredService<IClock>())));
        return (desk, (FakeClockScheduler)desk.Services.GetRequiredService<IWorkScheduler>());
    }

    [Fact]
    public async Task Typing_is_throttled_to_one_event_per_actor_and_conversation_per_interval()
    {
        var (desk, scheduler) = await CreateAsync(o => o.TypingThrottleInterval = Duration.FromSeconds(2));
        using var _ = desk;
        var taken = await desk.TakenAsync(Ids.Alice);
        desk.Events.Clear();

        for (var i = 0; i < 10; i++)
        {
            (await desk.Conversations.SetTypingAsync(taken.Id, Actor.Contact(Ids.Dave), isTyping: true)).Ok();
            await scheduler.AdvanceAsync(Duration.FromMilliseconds(300));
        }

        // Ten calls over 3 seconds: "typing" at 0 s and at 2.1 s, nothing else (the silence never lasted 5 s).
        var typing = desk.Events.OfType<TypingChanged>().ToList();
        Assert.Equal(2, typing.Count);
        Assert.All(typing, t => Assert.True(t.IsTyping));
        Assert.Equal(Duration.FromMilliseconds(2100), typing[1].OccurredAt - typing[0].OccurredAt);
    }

    [Fact]
    public async Task Typing_throttle_is_per_actor_and_per_conversation()
    {
        var (desk, _) = await CreateAsync();
        using var __ = desk;
        var taken = await desk.TakenAsync(Ids.Alice);
        desk.Events.Clear();

        (await desk.Conversations.SetTypingAsync(taken.Id, Actor.Contact(Ids.Dave), true)).Ok();
        (await desk.Conversations.SetTypingAsync(taken.Id, Actor.Agent(Ids.Alice), true)).Ok();
        (await desk.Conversations.SetTypingAsync(taken.Id, Actor.Contact(Ids.Dave), true)).Ok();

        Assert.Equal(2, desk.Events.OfType<TypingChanged>().Count);
    }

    [Fact]
    public async Task Typing_expires_with_a_stopped_typing_event_after_the_configured_silence()
    {
        var (desk, scheduler) = await CreateAsync(o => o.TypingExpiry = Duration.FromSeconds(5));
        using var _ = desk;
        var taken = await desk.TakenAsync(Ids.Alice);
        desk.Events.Clear();

        (await desk.Conversations.SetTypingAsync(taken.Id, Actor.Contact(Ids.Dave), true)).Ok();
        await scheduler.AdvanceAsync(Duration.FromSeconds(4));
        (await desk.Conversations.SetTypingAsync(taken.Id, Actor.Contact(Ids.Dave), true)).Ok();   // still typing: the expiry moves
        await scheduler.AdvanceAsync(Duration.FromSeconds(4.9));
        Assert.DoesNotContain(desk.Events.OfType<TypingChanged>(), t => !t.IsTyping);

        await scheduler.AdvanceAsync(Duration.FromSeconds(0.2));

        var stopped = Assert.Single(desk.Events.OfType<TypingChanged>(), t => !t.IsTyping);
        Assert.Equal((taken.Id, Actor.Contact(Ids.Dave)), (stopped.ConversationId, stopped.Actor));
        Assert.Equal(OmnichannelHarness.Start + Duration.FromSeconds(9), stopped.OccurredAt);
        Assert.Equal(0, scheduler.PendingCount);
    }

    [Fact]
    public async Task An_explicit_stop_passes_the_throttle_and_cancels_the_expiry()
    {
        var (desk, scheduler) = await CreateAsync();
        using var _ = desk;
        var taken = await desk.TakenAsync(Ids.Alice);
        desk.Events.Clear();

        (await desk.Conversations.SetTypingAsync(taken.Id, Actor.Agent(Ids.Alice), true)).Ok();
        (await desk.Conversations.SetTypingAsync(taken.Id, Actor.Agent(Ids.Alice), false)).Ok();
        await scheduler.AdvanceAsync(Duration.FromMinutes(1));

        Assert.Equal(new[] { true, false }, desk.Events.OfType<TypingChanged>().Select(t => t.IsTyping));
    }
}
