namespace Omnichannel.Conversations;

/// <summary>The editable room information. A null member is left unchanged.</summary>
/// <param name="Topic">The new topic (trimmed); null leaves it, an empty or blank string (white space or invisible characters only) clears it.</param>
/// <param name="Priority">The new priority.</param>
/// <remarks>This type is immutable and thread-safe.</remarks>
public sealed record RoomInformationUpdate(string? Topic = null, ConversationPriority? Priority = null)
{
    /// <summary>The conversation's tags, replacing the current ones (the department's closing tags apply at close); an empty list clears them.</summary>
    public IReadOnlyList<string>? Tags { get; init; }

    /// <summary>
    /// Custom fields to set (name to value; an empty value removes the field; others are left unchanged), checked against
    /// the registry (<see cref="DependencyInjection.OmnichannelOptions.CustomFields"/>); null to leave them as they are.
    /// </summary>
    public IReadOnlyDictionary<string, string>? CustomFields { get; init; }

    /// <summary>
    /// The service-level (SLA) policy to put the conversation under, by name (one of
    /// <see cref="DependencyInjection.OmnichannelOptions.ServiceLevelPolicies"/>, ignoring case): it is then due the
    /// policy's <see cref="ServiceLevelPolicy.DueAfter"/> after it arrived, and the queue order follows (the anchor's
    /// "inquiry.setSLA"). An empty string removes the policy and the due time; null leaves them as they are.
    /// </summary>
    public string? ServiceLevel { get; init; }
}
