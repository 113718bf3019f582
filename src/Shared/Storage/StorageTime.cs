using NodaTime;

namespace Omnichannel.Storage.Shared;

/// <summary>
/// Converts instants to and from whole nanoseconds since the Unix epoch, the integer form the adapters use for
/// columns that are compared or ordered (due times, lease ends, creation times). Exact to the nanosecond; the
/// storable range is 1677-09-21 to 2262-04-11 (a signed 64-bit count of nanoseconds).
/// </summary>
/// <remarks>Stateless and thread-safe.</remarks>
internal static class StorageTime
{
    private static readonly Instant Earliest = NodaConstants.UnixEpoch.PlusNanoseconds(long.MinValue);
    private static readonly Instant Latest = NodaConstants.UnixEpoch.PlusNanoseconds(long.MaxValue);

    /// <summary>Nanoseconds since 1970-01-01T00:00:00Z.</summary>
    /// <param name="instant">The instant.</param>
    /// <param name="what">What the instant is, for the error message (for example "the due time of outbox message 'j-1'").</param>
    /// <exception cref="ArgumentOutOfRangeException">The instant is outside the storable range.</exception>
    public static long ToUnixNanoseconds(Instant instant, string what)
    {
        if (instant < Earliest || instant > Latest)
        {
            throw new ArgumentOutOfRangeException(nameof(instant), instant, $"Cannot store {what}: {instant} is outside the storable range {Earliest} to {Latest}.");
        }

        return (instant - NodaConstants.UnixEpoch).ToInt64Nanoseconds();
    }

    /// <summary>The instant <paramref name="nanoseconds"/> after 1970-01-01T00:00:00Z.</summary>
    /// <param name="nanoseconds">Nanoseconds since the Unix epoch, as written by <see cref="ToUnixNanoseconds"/>.</param>
    public static Instant FromUnixNanoseconds(long nanoseconds) => NodaConstants.UnixEpoch.PlusNanoseconds(nanoseconds);
}
