namespace Omnichannel.Conversations;

/// <summary>What <see cref="IArrivalRules"/> decided for a new conversation.</summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
public sealed record ArrivalClassification
{
    /// <summary>No priority and no service level.</summary>
    public static ArrivalClassification None { get; } = new();

    /// <summary>The priority; <see cref="ConversationPriority.None"/> for none.</summary>
    public ConversationPriority Priority { get; init; }

    /// <summary>The name of the service-level policy; null for none.</summary>
    public string? ServiceLevel { get; init; }
}
