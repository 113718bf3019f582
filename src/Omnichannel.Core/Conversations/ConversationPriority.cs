using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Omnichannel.Conversations;

/// <summary>
/// A conversation's priority: a name among the priorities the host configures
/// (<see cref="DependencyInjection.OmnichannelOptions.Priorities"/>, served in their order), or <see cref="None"/>, served
/// after every prioritized conversation. The defaults are the guide's five: Highest, High, Medium, Low, Lowest.
/// Compared by name, ignoring letter case.
/// </summary>
/// <remarks>This type is an immutable value and is thread-safe.</remarks>
[JsonConverter(typeof(ConversationPriorityJsonConverter))]
public readonly struct ConversationPriority : IEquatable<ConversationPriority>
{
    /// <summary>A priority named <paramref name="name"/>.</summary>
    /// <param name="name">The priority's name: one non-blank line; "None" means no priority.</param>
    /// <exception cref="ArgumentException"><paramref name="name"/> is blank or holds a control character.</exception>
    public ConversationPriority(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (name.Any(char.IsControl))
        {
            throw new ArgumentException("A priority's name is one line without control characters.", nameof(name));
        }

        var trimmed = name.Trim();
        Name = string.Equals(trimmed, NoneName, StringComparison.OrdinalIgnoreCase) ? null : trimmed;
    }

    /// <summary>The name written for <see cref="None"/>: "None".</summary>
    public const string NoneName = "None";

    /// <summary>No priority: served after every prioritized conversation.</summary>
    public static ConversationPriority None => default;

    /// <summary>The guide's first priority (served first by default).</summary>
    public static ConversationPriority Highest { get; } = new("Highest");

    /// <summary>The guide's second priority.</summary>
    public static ConversationPriority High { get; } = new("High");

    /// <summary>The guide's third priority.</summary>
    public static ConversationPriority Medium { get; } = new("Medium");

    /// <summary>The guide's fourth priority.</summary>
    public static ConversationPriority Low { get; } = new("Low");

    /// <summary>The guide's fifth priority (served last of the prioritized by default).</summary>
    public static ConversationPriority Lowest { get; } = new("Lowest");

    /// <summary>The priority's name; null for <see cref="None"/>.</summary>
    public string? Name { get; }

    /// <summary>True for <see cref="None"/>.</summary>
    public bool IsNone => Name is null;

    /// <summary>Equality by name, ignoring letter case.</summary>
    /// <param name="left">One priority.</param>
    /// <param name="right">The other.</param>
    public static bool operator ==(ConversationPriority left, ConversationPriority right) => left.Equals(right);

    /// <summary>Inequality by name, ignoring letter case.</summary>
    /// <param name="left">One priority.</param>
    /// <param name="right">The other.</param>
    public static bool operator !=(ConversationPriority left, ConversationPriority right) => !left.Equals(right);

    /// <inheritdoc />
    public bool Equals(ConversationPriority other) => string.Equals(Name, other.Name, StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc />
    public override bool Equals([NotNullWhen(true)] object? obj) => obj is ConversationPriority other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => Name is null ? 0 : StringComparer.OrdinalIgnoreCase.GetHashCode(Name);

    /// <summary>The name, or "None".</summary>
    public override string ToString() => Name ?? NoneName;
}

/// <summary>
/// JSON: the name as a string, null for <see cref="ConversationPriority.None"/>. Reads the forms the former enum was stored
/// in too: its names ("None", "High"), and its numbers (0 = None, 1 = Highest ... 5 = Lowest).
/// </summary>
/// <remarks>Stateless and thread-safe.</remarks>
internal sealed class ConversationPriorityJsonConverter : JsonConverter<ConversationPriority>
{
    private static readonly string[] LegacyNames = ["None", "Highest", "High", "Medium", "Low", "Lowest"];

    public override bool HandleNull => true;

    public override ConversationPriority Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.Null => ConversationPriority.None,
        JsonTokenType.String when reader.GetString() is { } name && !string.IsNullOrWhiteSpace(name) => new ConversationPriority(name),
        JsonTokenType.String => ConversationPriority.None,
        JsonTokenType.Number when reader.TryGetInt32(out var number) && number is >= 0 and <= 5 => new ConversationPriority(LegacyNames[number]),
        _ => throw new JsonException($"A priority is a name or null, not {reader.TokenType}."),
    };

    public override void Write(Utf8JsonWriter writer, ConversationPriority value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (value.Name is { } name)
        {
            writer.WriteStringValue(name);
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}
