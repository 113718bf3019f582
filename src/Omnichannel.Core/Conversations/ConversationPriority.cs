namespace Omnichannel.Conversations;

/// <summary>A conversation's priority: weight 1 is served first, <see cref="None"/> last.</summary>
public enum ConversationPriority
{
    /// <summary>No priority: served after every prioritized conversation.</summary>
    None = 0,

    /// <summary>Weight 1, served first.</summary>
    Highest = 1,

    /// <summary>Weight 2.</summary>
    High = 2,

    /// <summary>Weight 3.</summary>
    Medium = 3,

    /// <summary>Weight 4.</summary>
    Low = 4,

    /// <summary>Weight 5.</summary>
    Lowest = 5,
}
