using System.Text.Json;
using System.Text.Json.Serialization;
using NodaTime;
using NodaTime.Text;

namespace Omnichannel.Storage.Shared.Json;

/// <summary>
/// Writes a <see cref="Duration"/> as a whole number of nanoseconds (for example 330000000000 for five and a half
/// minutes), exact and fast to read; a duration beyond the 64-bit range (about 292 years) is written in NodaTime's
/// round-trip pattern ("-D:hh:mm:ss.fffffffff") instead. Both forms are read.
/// </summary>
/// <remarks>Stateless and thread-safe.</remarks>
internal sealed class DurationJsonConverter : JsonConverter<Duration>
{
    private static readonly DurationPattern Pattern = DurationPattern.Roundtrip;
    private static readonly Duration Shortest = Duration.FromNanoseconds(long.MinValue);
    private static readonly Duration Longest = Duration.FromNanoseconds(long.MaxValue);

    public override Duration Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            return reader.TryGetInt64(out var nanoseconds)
                ? Duration.FromNanoseconds(nanoseconds)
                : throw new JsonException("A duration number must be a whole number of nanoseconds within 64 bits.");
        }

        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException($"Expected a duration (nanoseconds, or -D:hh:mm:ss.fffffffff), found {reader.TokenType}.");
        }

        var result = Pattern.Parse(reader.GetString()!);
        return result.Success ? result.Value : throw new JsonException(result.Exception.Message, result.Exception);
    }

    public override void Write(Utf8JsonWriter writer, Duration value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (value >= Shortest && value <= Longest)
        {
            writer.WriteNumberValue(value.ToInt64Nanoseconds());
        }
        else
        {
            writer.WriteStringValue(Pattern.Format(value));
        }
    }
}
