using System.Collections.Immutable;
using NodaTime;

namespace Omnichannel.Departments;

/// <summary>
/// A department's business hours: weekly opening hours in a time zone, and holidays (whole days closed). Outside them a
/// contact's first message is queued with an "outside hours" mark and event, or refused with the offline message
/// (<see cref="OutsideHours"/>), and routing assigns nothing unless <see cref="RouteOutsideHours"/>.
/// </summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
public sealed record BusinessHours
{
    /// <summary>The IANA (tzdb) time zone the hours are in, for example "Europe/Paris". Default: "UTC".</summary>
    public string TimeZoneId { get; init; } = "UTC";

    /// <summary>The weekly opening hours; a day may have several. Empty means never open (holidays aside, nothing opens).</summary>
    public ImmutableArray<OpeningHours> Weekly { get; init; } = [];

    /// <summary>Days closed all day, in the department's time zone.</summary>
    public ImmutableArray<LocalDate> Holidays { get; init; } = [];

    /// <summary>What happens to a contact's first message outside the hours. Default: <see cref="OutsideHoursBehavior.Queue"/>.</summary>
    public OutsideHoursBehavior OutsideHours { get; init; }

    /// <summary>The message the contact gets when refused outside the hours; a default naming the department when null.</summary>
    public string? OfflineMessage { get; init; }

    /// <summary>Whether routing assigns queued conversations outside the hours (agents who are Available still can take them). Default: false.</summary>
    public bool RouteOutsideHours { get; init; }

    /// <summary>Mon-Fri 09:00-17:00 in <paramref name="timeZoneId"/>: a starting point to change.</summary>
    /// <param name="timeZoneId">The tzdb time zone.</param>
    /// <returns>The hours.</returns>
    public static BusinessHours WeekdaysNineToFive(string timeZoneId) => new()
    {
        TimeZoneId = timeZoneId,
        Weekly = [.. new[] { IsoDayOfWeek.Monday, IsoDayOfWeek.Tuesday, IsoDayOfWeek.Wednesday, IsoDayOfWeek.Thursday, IsoDayOfWeek.Friday }
            .Select(d => new OpeningHours(d, new LocalTime(9, 0), new LocalTime(17, 0)))],
    };

    /// <summary>Whether the department is open at <paramref name="instant"/>. An unknown time zone counts as UTC (saving a department refuses one).</summary>
    /// <param name="instant">The time.</param>
    /// <returns>True when open.</returns>
    public bool IsOpenAt(Instant instant)
    {
        var zone = DateTimeZoneProviders.Tzdb.GetZoneOrNull(TimeZoneId) ?? DateTimeZone.Utc;
        var local = instant.InZone(zone).LocalDateTime;
        if (Holidays.Contains(local.Date))
        {
            return false;
        }

        foreach (var hours in Weekly)
        {
            if (hours.Day == local.DayOfWeek && hours.Contains(local.TimeOfDay))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>What is wrong with these hours (unknown time zone, an interval that ends before it starts), or null.</summary>
    /// <returns>The problem, or null.</returns>
    public string? Problem()
    {
        if (DateTimeZoneProviders.Tzdb.GetZoneOrNull(TimeZoneId ?? string.Empty) is null)
        {
            return $"the business hours' time zone '{TimeZoneId}' is not a tzdb time zone (for example \"Europe/Paris\")";
        }

        foreach (var hours in Weekly)
        {
            if (hours is null || !Enum.IsDefined(hours.Day) || hours.Day == IsoDayOfWeek.None || (hours.Closes != LocalTime.Midnight && hours.Closes <= hours.Opens))
            {
                return $"the opening hours {hours} do not describe a day and an interval that ends after it starts (midnight as closing time means the end of the day)";
            }
        }

        return Enum.IsDefined(OutsideHours) ? null : $"the outside-hours behaviour {(int)OutsideHours} is not Queue or Refuse";
    }
}

/// <summary>One opening interval of a week day, in the department's time zone: from <paramref name="Opens"/> until <paramref name="Closes"/> (excluded; midnight means the end of the day).</summary>
/// <param name="Day">The day of the week.</param>
/// <param name="Opens">When it opens.</param>
/// <param name="Closes">When it closes.</param>
/// <remarks>This type is immutable and thread-safe.</remarks>
public sealed record OpeningHours(IsoDayOfWeek Day, LocalTime Opens, LocalTime Closes)
{
    /// <summary>Whether <paramref name="time"/> is within the interval.</summary>
    /// <param name="time">A time of day.</param>
    /// <returns>True when open then.</returns>
    public bool Contains(LocalTime time) => time >= Opens && (Closes == LocalTime.Midnight || time < Closes);
}

/// <summary>What happens to a contact's first message outside a department's business hours.</summary>
public enum OutsideHoursBehavior
{
    /// <summary>Queued, marked as arrived outside hours (an event says so); routing waits for the hours unless told otherwise.</summary>
    Queue = 0,

    /// <summary>Refused with the department's offline message; nothing is stored.</summary>
    Refuse = 1,
}
