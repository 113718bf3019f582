using System.Text.Json;

namespace Omnichannel.Storage.Shared.Json;

/// <summary>
/// A default identifier (<c>default(AgentId)</c> and the like) met while writing an entity's JSON; the serializer adds where
/// (<see cref="JsonException.Path"/>) and <see cref="StorageJson"/> turns it into the <see cref="ArgumentException"/> every
/// store gives for one.
/// </summary>
/// <remarks>Not thread-safe (an exception); thrown and caught on one thread.</remarks>
internal sealed class DefaultIdentifierJsonException(string idType) : JsonException($"default({idType}) names nothing.")
{
    /// <summary>The identifier's type name, for example <c>AgentId</c>.</summary>
    public string IdType { get; } = idType;
}
