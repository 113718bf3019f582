using NodaTime;
using Omnichannel.Conversations;
using Omnichannel.Core.Tests.TestSupport;
using Omnichannel.Departments;
using Omnichannel.Notifications;
using Omnichannel.Operations;

namespace Omnichannel.Core.Tests.Operations;

/// <summary>Business hours per department: time zone, weekly hours, holidays; outside them queued with a mark and an event, or refused.</summary>
public sealed class BusinessHoursTests
{
    // The harness starts on Monday 2025-01-06 09:00 UTC, which is 10:00 in Paris.
    private static BusinessHours ParisNineToFive(OutsideHoursBehavior behavior = OutsideHoursBehavior.Queue) =>
        BusinessHours.WeekdaysNineToFive("Europe/Paris") with { OutsideHours = behavior, OfflineMessage = behavior == OutsideHoursBehavior.Refuse ? "We are closed. Open Monday to Friday, 9 to 5 (Paris)." : null };

    [Fact]
    public void Business_hours_follow_the_departments_time_zone_weekly_hours_and_holidays()
    {
        var hours = ParisNineToFive() with { Holidays = [new LocalDate(2025, 1, 7)] };

        Assert.True(hours.IsOpenAt(Instant.FromUtc(2025, 1, 6, 8, 0)));      // Monday 09:00 Paris
        Assert.False(hours.IsOpenAt(Instant.FromUtc(2025, 1, 6, 7, 59)));    // Monday 08:59 Paris
        Assert.False(hours.IsOpenAt(Instant.FromUtc(2025, 1, 6, 16, 0)));    // Monday 17:00 Paris: closed
        Assert.False(hours.IsOpenAt(Instant.FromUtc(2025, 1, 7, 10, 0)));    // Tuesday, a holiday
        Assert.False(hours.IsOpenAt(Instant.FromUtc(2025, 1, 11, 10, 0)));   // Saturday
        Assert.True(hours.IsOpenAt(Instant.FromUtc(2025, 7, 7, 7, 0)));      // Monday 09:00 Paris in summer time (UTC+2)
    }

    [Fact]
    public async Task Outside_hours_a_contacts_message_is_queued_with_an_outside_hours_result_and_event()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        await desk.UpdateDepartmentAsync(Ids.Support, d => d with { BusinessHours = ParisNineToFive() });
        desk.Clock.Advance(Duration.FromHours(9));   // 19:00 Paris

        var queued = await desk.QueuedAsync();

        Assert.Equal(ConversationState.Queued, queued.State);
        Assert.True(queued.ArrivedOutsideBusinessHours);
        Assert.Equal(queued.Id, Assert.Single(desk.Events.OfType<ConversationQueuedOutsideHours>()).Conversation.Id);
    }

    [Fact]
    public async Task Within_hours_a_contacts_message_is_queued_as_usual()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        await desk.UpdateDepartmentAsync(Ids.Support, d => d with { BusinessHours = ParisNineToFive() });

        var queued = await desk.QueuedAsync();

        Assert.False(queued.ArrivedOutsideBusinessHours);
        Assert.Empty(desk.Events.OfType<ConversationQueuedOutsideHours>());
    }

    [Fact]
    public async Task Outside_hours_a_department_that_refuses_answers_with_its_offline_message_and_stores_nothing()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        await desk.UpdateDepartmentAsync(Ids.Support, d => d with { BusinessHours = ParisNineToFive(OutsideHoursBehavior.Refuse) });
        desk.Clock.Advance(Duration.FromHours(9));

        var refused = await desk.Conversations.ReceiveContactMessageAsync(Ids.Dave, Ids.Support, "Hello?");

        refused.Refused(OperationErrorCode.OutsideBusinessHours, "We are closed. Open Monday to Friday, 9 to 5 (Paris).");
        Assert.Empty(await desk.Store.QueryAsync(new ConversationQuery { ContactId = Ids.Dave }, CancellationToken.None));
    }

    [Fact]
    public async Task An_open_conversation_keeps_receiving_the_contacts_messages_after_hours()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        await desk.UpdateDepartmentAsync(Ids.Support, d => d with { BusinessHours = ParisNineToFive(OutsideHoursBehavior.Refuse) });
        var taken = await desk.TakenAsync(Ids.Alice);
        desk.Clock.Advance(Duration.FromHours(9));

        var appended = (await desk.Conversations.ReceiveContactMessageAsync(Ids.Dave, Ids.Support, "One more thing")).Ok();

        Assert.Equal(taken.Id, appended.Id);
    }

    [Fact]
    public async Task Business_hours_with_an_unknown_time_zone_are_refused_when_the_department_is_saved()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var department = (await desk.Departments.GetAsync(Ids.Support))!;

        (await desk.Departments.SaveAsync(department with { BusinessHours = new BusinessHours { TimeZoneId = "Mars/Olympus" } })).Refused(OperationErrorCode.InvalidDepartment, "Mars/Olympus");
    }
}
