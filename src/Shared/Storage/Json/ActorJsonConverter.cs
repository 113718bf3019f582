using System.Text.Json;
using System.Text.Json.Serialization;
using Omnichannel.Conversations;

namespace Omnichannel.Storage.Shared.Json;

/// <summary>
/// Writes an <see cref="Actor"/> as <c>{"kind":"Agent","id":"a-1"}</c> and rebuilds it through its factories
/// (its constructor is private). <c>default(Actor)</c> (a contact without an id) round-trips as itself.
/// </summary>
/// <remarks>Stateless and thread-safe.</remarks>
internal sealed class ActorJsonConverter : JsonConverter<Actor>
{
    public override Actor Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException($"Expected an object for an actor, found {reader.TokenType}.");
        }

        AuthorKind? kind = null;
        string? id = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.GetString();
            reader.Read();
            switch (name)
            {
                case "kind":
                    kind = JsonSerializer.Deserialize<AuthorKind>(ref reader, options);
                    break;
                case "id":
                    id = reader.TokenType == JsonTokenType.Null ? null : reader.GetString();
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        return (kind, id) switch
        {
            (AuthorKind.System, null) => Actor.System,
            (AuthorKind.Agent, { } agent) => Actor.Agent(new AgentId(agent)),
            (AuthorKind.Contact, { } contact) => Actor.Contact(new ContactId(contact)),
            (AuthorKind.Contact, null) => default,
            _ => throw new JsonException($"Cannot read an actor of kind '{kind}' with id '{id}'."),
        };
    }

    public override void Write(Utf8JsonWriter writer, Actor value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        writer.WritePropertyName("kind");
        JsonSerializer.Serialize(writer, value.Kind, options);
        writer.WriteString("id", value.Id);
        writer.WriteEndObject();
    }
}
