using System.Text.Json;
using System.Text.Json.Serialization;
using Omnichannel.Conversations;

namespace Omnichannel.Storage.Shared.Json;

/// <summary>
/// Writes a <see cref="ForwardTarget"/> as <c>{"agentId":"a-1"}</c> or <c>{"departmentId":"d-1"}</c> (both for a named agent of a department) and rebuilds it
/// through its factories (its constructor is private); <c>default(ForwardTarget)</c> is written as <c>{}</c>.
/// </summary>
/// <remarks>Stateless and thread-safe.</remarks>
internal sealed class ForwardTargetJsonConverter : JsonConverter<ForwardTarget>
{
    public override ForwardTarget Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException($"Expected an object for a forward target, found {reader.TokenType}.");
        }

        string? agent = null;
        string? department = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.GetString();
            reader.Read();
            var value = reader.TokenType == JsonTokenType.Null ? null : reader.GetString();
            switch (name)
            {
                case "agentId":
                    agent = value;
                    break;
                case "departmentId":
                    department = value;
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        return (agent, department) switch
        {
            ({ } a, null) => ForwardTarget.ToAgent(new AgentId(a)),
            (null, { } d) => ForwardTarget.ToDepartment(new DepartmentId(d)),
            ({ } a, { } d) => ForwardTarget.ToAgentInDepartment(new AgentId(a), new DepartmentId(d)),
            _ => default,
        };
    }

    public override void Write(Utf8JsonWriter writer, ForwardTarget value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        if (value.AgentId is { } agent)
        {
            writer.WriteString("agentId", agent.Value);
        }

        if (value.DepartmentId is { } department)
        {
            writer.WriteString("departmentId", department.Value);
        }

        writer.WriteEndObject();
    }
}
