using System.Text.Json;
using System.Text.Json.Serialization;
using NodaTime;
using NodaTime.Text;

namespace Omnichannel.Storage.Shared.Json;

/// <summary>
/// Writes an <see cref="Instant"/> as ISO-8601 UTC text with as many fraction digits as it needs, up to nanoseconds
/// ("2025-03-03T09:00:00Z", "2025-03-03T09:00:00.123456789Z"), so every instant NodaTime can hold round-trips exactly.
/// </summary>
/// <remarks>Stateless and thread-safe.</remarks>
internal sealed class InstantJsonConverter : JsonConverter<Instant>
{
    private static readonly InstantPattern Pattern = InstantPattern.ExtendedIso;

    public override Instant Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException($"Expected an ISO-8601 instant string, found {reader.TokenType}.");
        }

        var result = Pattern.Parse(reader.GetString()!);
        return result.Success ? result.Value : throw new JsonException(result.Exception.Message, result.Exception);
    }

    public override void Write(Utf8JsonWriter writer, Instant value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(Pattern.Format(value));
    }
}
