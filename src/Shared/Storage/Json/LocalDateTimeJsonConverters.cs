using System.Text.Json;
using System.Text.Json.Serialization;
using NodaTime;
using NodaTime.Text;

namespace Omnichannel.Storage.Shared.Json;

/// <summary>Writes a <see cref="LocalDate"/> as ISO text ("2025-12-25"), for business-hours holidays.</summary>
/// <remarks>Stateless and thread-safe.</remarks>
internal sealed class LocalDateJsonConverter : JsonConverter<LocalDate>
{
    public override LocalDate Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var result = LocalDatePattern.Iso.Parse(reader.TokenType == JsonTokenType.String ? reader.GetString()! : throw new JsonException($"Expected a date (yyyy-MM-dd), found {reader.TokenType}."));
        return result.Success ? result.Value : throw new JsonException(result.Exception.Message, result.Exception);
    }

    public override void Write(Utf8JsonWriter writer, LocalDate value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(LocalDatePattern.Iso.Format(value));
    }
}

/// <summary>Writes a <see cref="LocalTime"/> as ISO text to the nanosecond ("09:00:00"), for business hours.</summary>
/// <remarks>Stateless and thread-safe.</remarks>
internal sealed class LocalTimeJsonConverter : JsonConverter<LocalTime>
{
    public override LocalTime Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var result = LocalTimePattern.ExtendedIso.Parse(reader.TokenType == JsonTokenType.String ? reader.GetString()! : throw new JsonException($"Expected a time (HH:mm:ss), found {reader.TokenType}."));
        return result.Success ? result.Value : throw new JsonException(result.Exception.Message, result.Exception);
    }

    public override void Write(Utf8JsonWriter writer, LocalTime value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(LocalTimePattern.ExtendedIso.Format(value));
    }
}
