using System.Collections.Immutable;
using NodaTime;
using Omnichannel.Conversations;

namespace Omnichannel.Workspace.Contacts;

/// <summary>One earlier (closed) conversation in a contact's chat history.</summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
public sealed record ContactHistoryEntry
{
    /// <summary>The conversation.</summary>
    public required ConversationId ConversationId { get; init; }

    /// <summary>Its department.</summary>
    public required DepartmentId DepartmentId { get; init; }

    /// <summary>When it started.</summary>
    public required Instant CreatedAt { get; init; }

    /// <summary>When it closed.</summary>
    public required Instant ClosedAt { get; init; }

    /// <summary>The agent who served it last; null when nobody ever took it.</summary>
    public AgentId? AgentId { get; init; }

    /// <summary>Its topic (room information); optional.</summary>
    public string? Topic { get; init; }

    /// <summary>The tags recorded at close.</summary>
    public ImmutableArray<string> Tags { get; init; } = [];

    /// <summary>How many messages it has.</summary>
    public int MessageCount { get; init; }

    /// <summary>The last closing message: the last message an agent sent before it closed; null when no agent wrote.</summary>
    public Message? LastClosingMessage { get; init; }

    /// <summary>Summarizes a closed conversation.</summary>
    /// <param name="conversation">The closed conversation.</param>
    /// <param name="lastClosingMessage">The last message an agent sent in it; null when no agent wrote.</param>
    /// <returns>The history entry.</returns>
    /// <exception cref="ArgumentException">The conversation is open.</exception>
    public static ContactHistoryEntry From(Conversation conversation, Message? lastClosingMessage)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        if (conversation.ClosedAt is not { } closedAt)
        {
            throw new ArgumentException($"Conversation '{conversation.Id}' is open; the chat history lists closed conversations.", nameof(conversation));
        }

        return new()
        {
            ConversationId = conversation.Id,
            DepartmentId = conversation.DepartmentId,
            CreatedAt = conversation.CreatedAt,
            ClosedAt = closedAt,
            AgentId = conversation.ServingAgentId ?? conversation.PreviousAgentId,
            Topic = conversation.Topic,
            Tags = conversation.Tags,
            MessageCount = conversation.MessageCount,
            LastClosingMessage = lastClosingMessage,
        };
    }
}
