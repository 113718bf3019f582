using System.Buffers.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using NodaTime;
using NodaTime.Text;

namespace Omnichannel.Storage.Shared.Json;

/// <summary>
/// Writes an <see cref="Instant"/> as ISO-8601 UTC text with as many fraction digits as it needs, up to nanoseconds
/// ("2025-03-03T09:00:00Z", "2025-03-03T09:00:00.123456789Z"; NodaTime's extended ISO pattern), so every instant
/// NodaTime can hold round-trips exactly.
/// </summary>
/// <remarks>
/// Instants are on every read and write of a conversation, so years 0001-9999 are formatted and parsed by hand
/// (about ten times faster than the pattern); other years, and any text the fast path does not recognize, go through
/// <see cref="InstantPattern.ExtendedIso"/>. Stateless and thread-safe.
/// </remarks>
internal sealed class InstantJsonConverter : JsonConverter<Instant>
{
    private static readonly InstantPattern Pattern = InstantPattern.ExtendedIso;

    public override Instant Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException($"Expected an ISO-8601 instant string, found {reader.TokenType}.");
        }

        if (!reader.HasValueSequence && !reader.ValueIsEscaped && TryParseFast(reader.ValueSpan, out var instant))
        {
            return instant;
        }

        var result = Pattern.Parse(reader.GetString()!);
        return result.Success ? result.Value : throw new JsonException(result.Exception.Message, result.Exception);
    }

    public override void Write(Utf8JsonWriter writer, Instant value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        Span<byte> buffer = stackalloc byte[30];
        if (TryFormatFast(value, buffer, out var length))
        {
            writer.WriteStringValue(buffer[..length]);
        }
        else
        {
            writer.WriteStringValue(Pattern.Format(value));
        }
    }

    /// <summary>Formats "yyyy-MM-ddTHH:mm:ss[.fffffffff]Z" (fraction without trailing zeros), as the extended ISO pattern does.</summary>
    internal static bool TryFormatFast(Instant value, Span<byte> buffer, out int length)
    {
        length = 0;
        var utc = value.InUtc();
        if (utc.Year is < 1 or > 9999)
        {
            return false;
        }

        Digits(buffer, 0, utc.Year, 4);
        buffer[4] = (byte)'-';
        Digits(buffer, 5, utc.Month, 2);
        buffer[7] = (byte)'-';
        Digits(buffer, 8, utc.Day, 2);
        buffer[10] = (byte)'T';
        Digits(buffer, 11, utc.Hour, 2);
        buffer[13] = (byte)':';
        Digits(buffer, 14, utc.Minute, 2);
        buffer[16] = (byte)':';
        Digits(buffer, 17, utc.Second, 2);
        length = 19;
        var nanoseconds = utc.NanosecondOfSecond;
        if (nanoseconds != 0)
        {
            buffer[19] = (byte)'.';
            Digits(buffer, 20, nanoseconds, 9);
            length = 29;
            while (buffer[length - 1] == (byte)'0')
            {
                length--;
            }
        }

        buffer[length++] = (byte)'Z';
        return true;
    }

    /// <summary>Parses what <see cref="TryFormatFast"/> writes (1 to 9 fraction digits); false for anything else.</summary>
    internal static bool TryParseFast(ReadOnlySpan<byte> text, out Instant instant)
    {
        instant = default;
        if (text.Length < 20 || text[^1] != (byte)'Z' || text[4] != (byte)'-' || text[7] != (byte)'-' || text[10] != (byte)'T'
            || text[13] != (byte)':' || text[16] != (byte)':')
        {
            return false;
        }

        if (!Number(text, 0, 4, out var year) || !Number(text, 5, 2, out var month) || !Number(text, 8, 2, out var day)
            || !Number(text, 11, 2, out var hour) || !Number(text, 14, 2, out var minute) || !Number(text, 17, 2, out var second))
        {
            return false;
        }

        var nanoseconds = 0;
        if (text.Length > 20)
        {
            var digits = text.Length - 21;
            if (text[19] != (byte)'.' || digits is < 1 or > 9 || !Number(text, 20, digits, out nanoseconds))
            {
                return false;
            }

            for (var i = digits; i < 9; i++)
            {
                nanoseconds *= 10;
            }
        }

        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        instant = Instant.FromUtc(year, month, day, hour, minute, second).PlusNanoseconds(nanoseconds);
        return true;
    }

    private static void Digits(Span<byte> buffer, int start, int value, int count)
    {
        for (var i = start + count - 1; i >= start; i--)
        {
            buffer[i] = (byte)('0' + (value % 10));
            value /= 10;
        }
    }

    private static bool Number(ReadOnlySpan<byte> text, int start, int count, out int value) =>
        Utf8Parser.TryParse(text.Slice(start, count), out value, out var consumed) && consumed == count && text[start] is >= (byte)'0' and <= (byte)'9';
}
