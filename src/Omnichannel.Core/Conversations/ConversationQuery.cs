namespace Omnichannel.Conversations;

/// <summary>
/// Which conversations to list: every condition set must hold. At least one of <see cref="DepartmentId"/>,
/// <see cref="ServingAgentId"/> and <see cref="ContactId"/> is required, so a store never scans everything.
/// </summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
public sealed record ConversationQuery
{
    /// <summary>Only conversations of this department.</summary>
    public DepartmentId? DepartmentId { get; init; }

    /// <summary>Only conversations this agent serves.</summary>
    public AgentId? ServingAgentId { get; init; }

    /// <summary>Only conversations of this contact.</summary>
    public ContactId? ContactId { get; init; }

    /// <summary>Only conversations in these states; null for any state.</summary>
    public IReadOnlyCollection<ConversationState>? States { get; init; }

    /// <summary>True when <paramref name="conversation"/> satisfies every condition.</summary>
    /// <param name="conversation">The conversation to test.</param>
    public bool Matches(Conversation conversation)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        return (DepartmentId is not { } d || conversation.DepartmentId == d)
            && (ServingAgentId is not { } a || conversation.ServingAgentId == a)
            && (ContactId is not { } c || conversation.ContactId == c)
            && (States is null || States.Contains(conversation.State));
    }

    /// <summary>Throws when no narrowing condition is set.</summary>
    /// <exception cref="ArgumentException">Neither a department, an agent nor a contact is given.</exception>
    public void Validate()
    {
        if (DepartmentId is null && ServingAgentId is null && ContactId is null)
        {
            throw new ArgumentException("A conversation query needs a department, a serving agent or a contact.");
        }
    }
}
