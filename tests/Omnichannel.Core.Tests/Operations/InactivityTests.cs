using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Omnichannel.Conversations;
using Omnichannel.Core.Tests.TestSupport;
using Omnichannel.Scheduling;

namespace Omnichannel.Core.Tests.Operations;

/// <summary>Inactivity closes, through the scheduling port, in virtual time.</summary>
public sealed class InactivityTests
{
    private static async Task<(OmnichannelHarness Desk, FakeClockScheduler Scheduler)> CreateAsync(Action<DependencyInjection.OmnichannelOptions> configure)
    {
        var desk = await OmnichannelHarness.CreateAsync(configure, services => services.AddSingleton<IWorkScheduler>(sp => new FakeClockScheduler((NodaTime.Testing.FakeClock)sp.GetRequiredService<IClock>())));
        return (desk, (FakeClockScheduler)desk.Services.GetRequiredService<IWorkScheduler>());
    }

    [Fact]
    public async Task A_conversation_whose_contact_stopped_writing_is_closed_as_abandoned_by_the_system()
    {
        var (desk, scheduler) = await CreateAsync(o => o.CloseAbandonedAfter = Duration.FromMinutes(10));
        using var _ = desk;
        var answered = await desk.AnsweredAsync(Ids.Alice);

        await scheduler.AdvanceAsync(Duration.FromMinutes(9));
        Assert.True((await desk.ReadAsync(answered.Id)).IsOpen);
        await scheduler.AdvanceAsync(Duration.FromMinutes(1));

        var closed = await desk.ReadAsync(answered.Id);
        Assert.Equal(ConversationState.Closed, closed.State);
        Assert.Equal(Actor.System, closed.ClosedBy);
        Assert.Equal(CloseReasons.Abandoned, closed.CloseReason);
        Assert.Equal(OmnichannelHarness.Start + Duration.FromMinutes(10), closed.ClosedAt);
    }

    [Fact]
    public async Task A_contact_who_writes_again_keeps_the_conversation_open()
    {
        var (desk, scheduler) = await CreateAsync(o => o.CloseAbandonedAfter = Duration.FromMinutes(10));
        using var _ = desk;
        var answered = await desk.AnsweredAsync(Ids.Alice);

        await scheduler.AdvanceAsync(Duration.FromMinutes(8));
        (await desk.Conversations.ReceiveContactMessageAsync(Ids.Dave, Ids.Support, "Still there?")).Ok();
        await scheduler.AdvanceAsync(Duration.FromMinutes(30));

        // The contact waits for an answer: that is the agent's silence, not an abandonment.
        Assert.True((await desk.ReadAsync(answered.Id)).IsOpen);
    }

    [Fact]
    public async Task Abandoned_conversations_are_not_closed_unless_configured()
    {
        var (desk, scheduler) = await CreateAsync(_ => { });
        using var __ = desk;
        var answered = await desk.AnsweredAsync(Ids.Alice);

        await scheduler.AdvanceAsync(Duration.FromDays(2));

        Assert.True((await desk.ReadAsync(answered.Id)).IsOpen);
        Assert.Null(new DependencyInjection.OmnichannelOptions().CloseAbandonedAfter);
    }

    [Fact]
    public async Task An_on_hold_conversation_is_closed_after_the_configured_time_on_hold()
    {
        var (desk, scheduler) = await CreateAsync(o => o.CloseOnHoldAfter = Duration.FromHours(1));
        using var _ = desk;
        var held = await desk.OnHoldAsync(Ids.Alice);

        await scheduler.AdvanceAsync(Duration.FromMinutes(59));
        Assert.Equal(ConversationState.OnHold, (await desk.ReadAsync(held.Id)).State);
        await scheduler.AdvanceAsync(Duration.FromMinutes(1));

        var closed = await desk.ReadAsync(held.Id);
        Assert.Equal((ConversationState.Closed, CloseReasons.OnHoldTimeout), (closed.State, closed.CloseReason));
        Assert.Equal(Actor.System, closed.ClosedBy);
    }

    [Fact]
    public async Task A_resumed_conversation_is_not_closed_by_its_earlier_hold()
    {
        var (desk, scheduler) = await CreateAsync(o => o.CloseOnHoldAfter = Duration.FromHours(1));
        using var _ = desk;
        var held = await desk.OnHoldAsync(Ids.Alice);

        await scheduler.AdvanceAsync(Duration.FromMinutes(30));
        (await desk.Conversations.ResumeAsync(held.Id, Ids.Alice)).Ok();
        await scheduler.AdvanceAsync(Duration.FromHours(2));

        Assert.Equal(ConversationState.Taken, (await desk.ReadAsync(held.Id)).State);
    }
}
