using Omnichannel.Capacity;
using Omnichannel.Outbox;

namespace Omnichannel.Conversations;

/// <summary>One atomic change to a stored conversation.</summary>
/// <param name="Conversation">The new content; its <see cref="Conversation.Version"/> is the version that was read.</param>
/// <param name="Claim">When set, the write also makes an agent serve it and must respect their capacity.</param>
/// <param name="Outbox">Delivery jobs (version 0, pending) stored in the same atomic write; none when null.</param>
/// <remarks>This type is an immutable value and is thread-safe.</remarks>
public readonly record struct ConversationWrite(Conversation Conversation, CapacityClaim? Claim = null, IReadOnlyList<OutboxMessage>? Outbox = null)
{
    /// <summary>
    /// Messages appended to the conversation's log in the same atomic write; none when null. Their
    /// <see cref="Message.Sequence"/> numbers continue the stored <see cref="Conversation.MessageCount"/> (stored count + 1,
    /// + 2, ...), and <see cref="Conversation"/> carries the count after them; the store refuses any other numbering with an
    /// <see cref="ArgumentException"/>. Under the version check this makes the numbers gap-free and unique.
    /// </summary>
    public IReadOnlyList<Message>? Messages { get; init; }

    /// <summary>
    /// The agent record the change was decided from (the claimant of a take or assignment) and its version. A store
    /// whose <see cref="Agents.IAgentStore.GetForChangeAsync"/> may answer from a cache refuses the write with
    /// <see cref="Storage.ConcurrencyConflictException"/> when it holds that agent at another version; a store that reads
    /// fresh, or does not hold the agent, may ignore it. Null when the change read no agent.
    /// </summary>
    public (AgentId Id, long Version)? DecidedFromAgent { get; init; }

    /// <summary>
    /// The department record the change was decided from (the limits of <see cref="Claim"/>) and its version, 0 when it
    /// was not found; checked like <see cref="DecidedFromAgent"/>. Null when the change read no department.
    /// </summary>
    public (DepartmentId Id, long Version)? DecidedFromDepartment { get; init; }

    /// <summary>
    /// True when <see cref="Conversation"/> was built for this write alone and nobody else holds it (the service sets it for
    /// the record a take builds): the in-memory store may then number that record as the stored version instead of copying it.
    /// </summary>
    internal bool ConversationIsUnshared { get; init; }

    /// <summary>
    /// Throws unless <see cref="Messages"/> continue a log of <paramref name="storedMessageCount"/> messages and
    /// <see cref="Conversation"/> carries the count after them. Stores call it before writing anything.
    /// </summary>
    /// <param name="storedMessageCount">The stored conversation's <see cref="Conversation.MessageCount"/> (0 for a new one).</param>
    /// <exception cref="ArgumentException">A message is null or out of sequence, or the count does not match.</exception>
    public void EnsureMessagesContinue(int storedMessageCount)
    {
        var id = Conversation?.Id ?? throw new ArgumentException("The write has no conversation.");
        var messages = Messages ?? [];
        for (var i = 0; i < messages.Count; i++)
        {
            var message = messages[i] ?? throw new ArgumentException($"Message {i + 1} of the write to conversation '{id}' is null.");
            if (message.Sequence != storedMessageCount + i + 1)
            {
                throw new ArgumentException(
                    $"Conversation '{id}' holds {storedMessageCount} messages, so appended message {i + 1} must be number {storedMessageCount + i + 1}, not {message.Sequence}.");
            }
        }

        if (Conversation.MessageCount != storedMessageCount + messages.Count)
        {
            throw new ArgumentException(
                $"Conversation '{id}' holds {storedMessageCount} messages and the write appends {messages.Count}, so its message count must be {storedMessageCount + messages.Count}, not {Conversation.MessageCount}.");
        }
    }
}
