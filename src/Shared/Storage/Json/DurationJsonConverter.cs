using System.Text.Json;
using System.Text.Json.Serialization;
using NodaTime;
using NodaTime.Text;

namespace Omnichannel.Storage.Shared.Json;

/// <summary>
/// Writes a <see cref="Duration"/> in NodaTime's round-trip pattern ("-D:hh:mm:ss.fffffffff", for example
/// "0:00:05:30"), exact to the nanosecond over the whole range of <see cref="Duration"/>.
/// </summary>
/// <remarks>Stateless and thread-safe.</remarks>
internal sealed class DurationJsonConverter : JsonConverter<Duration>
{
    private static readonly DurationPattern Pattern = DurationPattern.Roundtrip;

    public override Duration Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException($"Expected a duration string (-D:hh:mm:ss.fffffffff), found {reader.TokenType}.");
        }

        var result = Pattern.Parse(reader.GetString()!);
        return result.Success ? result.Value : throw new JsonException(result.Exception.Message, result.Exception);
    }

    public override void Write(Utf8JsonWriter writer, Duration value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(Pattern.Format(value));
    }
}
