using NodaTime;

namespace Omnichannel.Conversations;

/// <summary>
/// A page of conversations for the agent's views (the contact center's list of all chats, "Chats in progress", "On hold"),
/// answered by <see cref="IConversationListStore.ListAsync"/> from indexes, newest first (<see cref="ConversationCursor"/>).
/// Every member narrows the list; null means no filter.
/// </summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
public sealed record ConversationListQuery
{
    /// <summary>The most a page may hold: 200.</summary>
    public const int MaxLimit = 200;

    /// <summary>
    /// The scope: conversations of these departments (null: every department). Empty matches nothing, unless
    /// <see cref="InvolvingAgent"/> adds conversations.
    /// </summary>
    public IReadOnlyCollection<DepartmentId>? Departments { get; init; }

    /// <summary>Also in scope: conversations this agent serves, served, or was invited to (whatever their department).</summary>
    public AgentId? InvolvingAgent { get; init; }

    /// <summary>Only these states; empty matches nothing.</summary>
    public IReadOnlyCollection<ConversationState>? States { get; init; }

    /// <summary>Only conversations this agent serves now.</summary>
    public AgentId? ServingAgentId { get; init; }

    /// <summary>Only conversations of this department (within the scope).</summary>
    public DepartmentId? DepartmentId { get; init; }

    /// <summary>Only conversations of this contact.</summary>
    public ContactId? ContactId { get; init; }

    /// <summary>Only conversations carrying at least one of these tags (ordinal); empty matches nothing.</summary>
    public IReadOnlyCollection<string>? Tags { get; init; }

    /// <summary>Only conversations created at or after this instant.</summary>
    public Instant? CreatedFrom { get; init; }

    /// <summary>Only conversations created before this instant.</summary>
    public Instant? CreatedBefore { get; init; }

    /// <summary>Only conversations whose topic or closing comment contains this text (ignoring case; plain text, not a pattern).</summary>
    public string? Text { get; init; }

    /// <summary>The page starts after this cursor (the previous page's <see cref="ConversationPage.Next"/>); null for the first page.</summary>
    public ConversationCursor? After { get; init; }

    /// <summary>The most conversations in the page, 1 to <see cref="MaxLimit"/>. Default: 50.</summary>
    public int Limit { get; init; } = 50;

    /// <summary>True when <paramref name="conversation"/> matches every filter and the scope (the reference for adapters).</summary>
    /// <param name="conversation">The conversation.</param>
    public bool Matches(Conversation conversation)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        var inScope = (Departments is null || Departments.Contains(conversation.DepartmentId))
            || (InvolvingAgent is { } involved && IsInvolved(conversation, involved));
        return inScope
            && (States is null || States.Contains(conversation.State))
            && (ServingAgentId is not { } serving || conversation.ServingAgentId == serving)
            && (DepartmentId is not { } department || conversation.DepartmentId == department)
            && (ContactId is not { } contact || conversation.ContactId == contact)
            && (Tags is null || conversation.Tags.Any(Tags.Contains))
            && (CreatedFrom is not { } from || conversation.CreatedAt >= from)
            && (CreatedBefore is not { } before || conversation.CreatedAt < before)
            && (string.IsNullOrEmpty(Text) || Contains(conversation.Topic, Text) || Contains(conversation.ClosingComment, Text))
            && (After is not { } after || after.Precedes(conversation));
    }

    /// <summary>Refuses a query no adapter should run: a limit out of range, or text too long to be a filter.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The limit is not between 1 and <see cref="MaxLimit"/>.</exception>
    /// <exception cref="ArgumentException">The text is longer than 200 characters.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Limit, 1, nameof(Limit));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Limit, MaxLimit, nameof(Limit));
        if (Text is { Length: > 200 })
        {
            throw new ArgumentException($"The text filter is {Text.Length} characters long; at most 200.", nameof(Text));
        }
    }

    /// <summary>The agent serves it, served it, or was invited to it.</summary>
    internal static bool IsInvolved(Conversation conversation, AgentId agent) =>
        conversation.ServingAgentId == agent || conversation.ServedBy.Contains(agent) || conversation.Participants.Contains(agent);

    private static bool Contains(string? text, string part) => text is not null && text.Contains(part, StringComparison.OrdinalIgnoreCase);
}
