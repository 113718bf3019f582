using System.Text.Json;
using System.Text.Json.Serialization;
using Omnichannel.Storage.Shared.Json;
using Omnichannel.Workspace.CannedResponses;

namespace Omnichannel.Storage.Shared;

/// <summary>
/// The JSON form in which the storage adapters keep entities (agents, departments, contacts, canned responses,
/// calls, conversations without their messages, message attachments). It round-trips every public property exactly:
/// identifiers as plain strings, instants as ISO-8601 text to the nanosecond, durations as whole nanoseconds,
/// enums by name, actors and forward targets through their factories, priorities by name (null for none; the former enum's names and numbers are read too), local dates and times as ISO text. Computed (get-only) properties
/// are not written.
/// </summary>
/// <remarks>
/// Compiled into each storage adapter (src/Shared/Storage). The options are built once and frozen; every member
/// is thread-safe.
/// </remarks>
internal static class StorageJson
{
    /// <summary>The serializer options every adapter uses; read-only.</summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    /// <summary>
    /// The writer options <see cref="JsonSerializer"/> derives from <see cref="Options"/> for its own writer, for code that
    /// serializes into a <see cref="Utf8JsonWriter"/> of its own and must produce the same bytes.
    /// </summary>
    public static JsonWriterOptions WriterOptions { get; } = new()
    {
        Encoder = Options.Encoder,
        Indented = Options.WriteIndented,
        MaxDepth = Options.MaxDepth == 0 ? 64 : Options.MaxDepth,
        SkipValidation = true,
    };

    /// <summary>Serializes <paramref name="value"/> to JSON text.</summary>
    /// <exception cref="ArgumentException"><paramref name="value"/> holds a default identifier (see <see cref="Refusal{T}"/>).</exception>
    public static string Serialize<T>(T value)
    {
        try
        {
            return JsonSerializer.Serialize(value, Options);
        }
        catch (DefaultIdentifierJsonException exception)
        {
            throw Refusal<T>(exception);
        }
    }

    /// <summary>Serializes <paramref name="value"/> to UTF-8 JSON bytes.</summary>
    /// <exception cref="ArgumentException"><paramref name="value"/> holds a default identifier (see <see cref="Refusal{T}"/>).</exception>
    public static byte[] SerializeToUtf8Bytes<T>(T value)
    {
        try
        {
            return JsonSerializer.SerializeToUtf8Bytes(value, Options);
        }
        catch (DefaultIdentifierJsonException exception)
        {
            throw Refusal<T>(exception);
        }
    }

    /// <summary>
    /// The refusal of a <typeparamref name="T"/> holding a default identifier, naming the property (for example
    /// <c>Contact.ManagerId</c>) in the words the in-memory stores use (<see cref="DefaultIdentifiers.Message"/>).
    /// </summary>
    public static ArgumentException Refusal<T>(DefaultIdentifierJsonException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        // The serializer's path is camel case ("$.servedBy[0].agentId"); the message names the C# properties.
        var path = (exception.Path ?? "$").TrimStart('$');
        var segments = path.Split('.');
        for (var i = 0; i < segments.Length; i++)
        {
            if (segments[i].Length > 0 && char.IsLower(segments[i][0]))
            {
                segments[i] = string.Concat(char.ToUpperInvariant(segments[i][0]).ToString(), segments[i].AsSpan(1));
            }
        }

        return new ArgumentException(DefaultIdentifiers.Message(typeof(T).Name + string.Join('.', segments), exception.IdType), exception);
    }

    /// <summary>Reads a <typeparamref name="T"/> back from JSON text.</summary>
    /// <exception cref="JsonException">The text is not a stored <typeparamref name="T"/>.</exception>
    public static T Deserialize<T>(string json) =>
        JsonSerializer.Deserialize<T>(json, Options) ?? throw new JsonException($"The stored {typeof(T).Name} is JSON null.");

    /// <summary>Reads a <typeparamref name="T"/> back from UTF-8 JSON bytes.</summary>
    /// <exception cref="JsonException">The bytes are not a stored <typeparamref name="T"/>.</exception>
    public static T Deserialize<T>(ReadOnlySpan<byte> utf8Json) =>
        JsonSerializer.Deserialize<T>(utf8Json, Options) ?? throw new JsonException($"The stored {typeof(T).Name} is JSON null.");

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.General)
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            // Computed properties (Conversation.IsOpen, Agent.Name, ConversationCall.Duration...) are derived on read.
            IgnoreReadOnlyProperties = true,
            // Nulls are written: omitting them would let a property initializer replace a stored null on read.
            DefaultIgnoreCondition = JsonIgnoreCondition.Never,
            // Text is stored as is (non-ASCII letters, quotes) rather than escaped; the JSON goes to a database, not HTML.
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            WriteIndented = false,
        };
        options.Converters.Add(new StringIdJsonConverter<AgentId>(static s => new AgentId(s), static id => id.Value));
        options.Converters.Add(new StringIdJsonConverter<ContactId>(static s => new ContactId(s), static id => id.Value));
        options.Converters.Add(new StringIdJsonConverter<DepartmentId>(static s => new DepartmentId(s), static id => id.Value));
        options.Converters.Add(new StringIdJsonConverter<UnitId>(static s => new UnitId(s), static id => id.Value));
        options.Converters.Add(new StringIdJsonConverter<ConversationId>(static s => new ConversationId(s), static id => id.Value));
        options.Converters.Add(new StringIdJsonConverter<CannedResponseId>(static s => new CannedResponseId(s), static id => id.Value));
        options.Converters.Add(new StringIdJsonConverter<TagId>(static s => new TagId(s), static id => id.Value));
        options.Converters.Add(new InstantJsonConverter());
        options.Converters.Add(new LocalDateJsonConverter());
        options.Converters.Add(new LocalTimeJsonConverter());
        options.Converters.Add(new DurationJsonConverter());
        options.Converters.Add(new ActorJsonConverter());
        options.Converters.Add(new ForwardTargetJsonConverter());
        options.Converters.Add(new ImmutableArrayJsonConverterFactory());
        // By name, so a stored row stays readable if an enum's numbers ever change; numbers are still accepted.
        options.Converters.Add(new JsonStringEnumConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
