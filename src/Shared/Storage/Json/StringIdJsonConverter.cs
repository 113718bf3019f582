using System.Text.Json;
using System.Text.Json.Serialization;

namespace Omnichannel.Storage.Shared.Json;

/// <summary>
/// Writes a strongly typed identifier (a record struct around a string) as the plain string, as a value and as a
/// dictionary key, and reads it back through the identifier's constructor (which refuses blank text).
/// </summary>
/// <typeparam name="TId">The identifier type.</typeparam>
/// <remarks>Stateless after construction and thread-safe.</remarks>
internal sealed class StringIdJsonConverter<TId>(Func<string, TId> create, Func<TId, string> text) : JsonConverter<TId>
    where TId : struct
{
    public override TId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String
            ? Create(reader.GetString()!)
            : throw new JsonException($"Expected a string for a {typeof(TId).Name}, found {reader.TokenType}.");

    public override void Write(Utf8JsonWriter writer, TId value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(TextOf(value));
    }

    public override TId ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        Create(reader.GetString()!);

    public override void WriteAsPropertyName(Utf8JsonWriter writer, TId value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WritePropertyName(TextOf(value));
    }

    /// <summary>
    /// The identifier's text; a default identifier is refused: written as JSON null it would read back as "none" for an
    /// optional one and not at all for a required one, where the in-memory store gives back what it was given.
    /// </summary>
    private string TextOf(TId value) => text(value) ?? throw new DefaultIdentifierJsonException(typeof(TId).Name);

    private TId Create(string value)
    {
        try
        {
            return create(value);
        }
        catch (ArgumentException exception)
        {
            throw new JsonException($"'{value}' is not a valid {typeof(TId).Name}: {exception.Message}", exception);
        }
    }
}
